package io.featurizer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.featurizer.cli.FeaturizerCliTest.Result;
import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 11's user story on real-shaped data: two Tardis trade files of one stream that overlap in time, with many
 * fills per message (several trades on one timestamp), ingested one after the other, and a lenient run of a file with
 * a bad row before the fixed file. Every read path must then agree: {@code compute --parallelism 2} writes one row per
 * trade, value for value what {@code replay} writes; re-ingesting stores nothing twice; {@code catalog verify}
 * reports overlapping blocks and {@code catalog compact} rewrites them apart without changing what is read.
 */
class RealWorldDataTest {
    static final long T0_MICROS = 1_610_064_000_000_000L; // 2021-01-08T00:00:00Z
    static final String CONFIG = """
            feature_configs:
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}], feature: {0: {window: 10s}}}
              - feature_definition: tvi.trade_volume_imb_fd
                name: fast
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}], feature: {0: {window: 500ms}}}
            """;

    @TempDir
    Path dir;

    /** Trade i: messages of 2 or 3 fills share a timestamp; the test computes prices and sizes from i alone. */
    static String row(int i) {
        int message = i * 3 / 7;
        long ts = T0_MICROS + message * 37_000L;
        String side = (i * 31) % 5 < 2 ? "sell" : "buy";
        return String.format(Locale.ROOT, "binance,BTCUSDT,%d,%d,%d,%s,%d.%02d,%d.%03d%n", ts, ts + 1_500, 100_000 + i, side,
                39_000 + (i * 7919) % 300, i % 100, i % 3, 1 + (i * 13) % 997);
    }

    Path file(String name, int from, int to, int badRow) throws IOException {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f)) {
            w.write("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
            for (int i = from; i < to; i++) {
                w.write(i == badRow ? row(i).replace("binance,BTCUSDT,", "binance,BTCUSDT,x") : row(i));
            }
        }
        return f;
    }

    Result ingest(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("ingest", "tardis", "--storage", dir.resolve("store").toString(), "--no-progress",
                "--exchange", "BINANCE", "--instrument-type", "spot", "--symbol", "BTC-USDT"));
        args.addAll(List.of(extra));
        if (!args.contains("--compaction")) {
            args.addAll(List.of("--compaction", "20s"));
        }
        args.add(file.toString());
        return run(args.toArray(String[]::new));
    }

    /** (timestamp, tvi, fast) of every replayed vector, in order: the fast TVI as of the very trade of the row. */
    List<String> replayed(Path config) throws IOException {
        Path out = dir.resolve("replay-" + System.nanoTime() + ".jsonl");
        Result r = run("replay", "--config", config.toString(), "--storage", dir.resolve("store").toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> rows = new ArrayList<>();
        Pattern p = Pattern.compile("\"timestamp\":(\\d+).*\"tvi-tvi\":([-0-9.Ee]+).*\"fast-tvi\":([-0-9.Ee]+)");
        for (String line : Files.readAllLines(out)) {
            Matcher m = p.matcher(line);
            assertTrue(m.find(), line);
            rows.add(m.group(1) + " " + Double.parseDouble(m.group(2)) + " " + Double.parseDouble(m.group(3)));
        }
        return rows;
    }

    /** (timestamp, tvi, fast) of every computed row, in order. */
    List<String> computed(Path config, int parallelism) throws Exception {
        Path out = dir.resolve("compute-" + System.nanoTime() + ".parquet");
        Result r = run("compute", "--config", config.toString(), "--storage", dir.resolve("store").toString(), "--out", out.toString(),
                "--parallelism", Integer.toString(parallelism), "--chunk", "3s", "--no-progress");
        assertEquals(0, r.code(), r.out() + r.err());
        return rows(out);
    }

    /** (timestamp, tvi, fast) of every row {@code flink run --out} writes, in order. */
    List<String> flinkComputed(Path config, int parallelism) throws Exception {
        Path out = dir.resolve("flink-" + System.nanoTime() + ".parquet");
        Result r = run("flink", "run", "--config", config.toString(), "--storage", dir.resolve("store").toString(), "--out", out.toString(),
                "--parallelism", Integer.toString(parallelism));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("rows x 4 columns at parallelism " + parallelism), r.out());
        return rows(out);
    }

    static List<String> rows(Path out) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT epoch_ns(timestamp), \"tvi-tvi\", \"fast-tvi\" FROM read_parquet('" + out + "')")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + " " + rs.getDouble(2) + " " + rs.getDouble(3));
            }
        }
        return rows;
    }

    static void assertSameRows(List<String> expected, List<String> actual, String what) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), what + ": row " + i);
        }
        assertEquals(expected.size(), actual.size(), what + ": rows");
    }

    @Test
    void overlappingFilesWithTiedTimestampsGiveOneAnswerOnEveryReadPath() throws Exception {
        Path config = dir.resolve("tvi.yaml");
        Files.writeString(config, CONFIG);
        Path early = file("binance_trades_2021-01-08_BTCUSDT.csv", 0, 2_000, -1);
        Path late = file("late_binance_trades_2021-01-08_BTCUSDT.csv", 1_500, 3_500, -1);
        assertEquals(0, ingest(early).code());
        Result second = ingest(late);
        assertEquals(0, second.code(), second.err());
        assertTrue(second.out().contains("2,000 events (500 already stored)"), second.out());

        List<String> replay = replayed(config);
        assertEquals(3_500, replay.size(), "one vector per trade");
        for (int parallelism = 1; parallelism <= 3; parallelism++) {
            assertSameRows(replay, computed(config, parallelism), "compute --parallelism " + parallelism + " == replay, ties included");
        }
        assertSameRows(replay, flinkComputed(config, 2), "flink run --parallelism 2 == replay, ties included");
        Result again = ingest(late);
        assertTrue(again.out().contains("2,000 events (2,000 already stored)") && again.out().contains("0 blocks written"), again.out());
        assertSameRows(replay, replayed(config), "re-ingesting changes nothing");
    }

    @Test
    void aLenientRunThenTheFixedFileLeaveOverlappingBlocksThatVerifyReportsAndCompactRewrites() throws Exception {
        Path config = dir.resolve("tvi.yaml");
        Files.writeString(config, CONFIG);
        Result lenient = ingest(file("binance_trades_2021-01-08_BTCUSDT.csv", 0, 3_000, 1_234), "--lenient", "--compaction", "1h");
        assertEquals(0, lenient.code(), lenient.err());
        Result fixed = ingest(file("fixed_binance_trades_2021-01-08_BTCUSDT.csv", 0, 3_000, -1), "--compaction", "1h");
        assertTrue(fixed.out().contains("3,000 events (2,999 already stored)"), fixed.out());
        List<String> before = replayed(config);
        assertEquals(3_000, before.size());

        String store = dir.resolve("store").toString();
        Result verify = run("catalog", "verify", "--storage", store);
        assertEquals(0, verify.code(), verify.out());
        assertTrue(verify.out().contains("1 overlap earlier blocks"), verify.out());
        Result compact = run("catalog", "compact", "--storage", store, "--compaction", "1m", "trades_binance_spot_btc_usdt");
        assertEquals(0, compact.code(), compact.out() + compact.err());
        assertTrue(compact.out().contains("rewritten as") && compact.out().contains("of 3,000 events"), compact.out());
        Result after = run("catalog", "verify", "--storage", store);
        assertTrue(after.out().contains("0 overlapping blocks, 0 duplicate events"), after.out());
        assertSameRows(before, replayed(config), "compaction changes no event");
        assertSameRows(before, computed(config, 2), "compute after compaction == replay");
    }
}

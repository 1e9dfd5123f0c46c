package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage commands end to end: ingest the vendor samples, list and show them, query them with SQL; record from the simulator. */
class StorageCommandsTest {
    static final Path SAMPLES = Path.of("..", "featurizer-storage", "src", "test", "resources", "ingest");
    static final String L2 = "tardis_deribit_incremental_book_L2_BTC-PERPETUAL.csv"; // 15 rows, one snapshot message
    static final String SNAP5 = "tardis_binance-futures_book_snapshot_5_BTCUSDT.csv"; // 10 rows, 10 snapshots
    static final String SNAP25 = "tardis_binance-futures_book_snapshot_25_BTCUSDT.csv"; // 10 rows, 10 snapshots
    static final String TRADES = "deribit_trades_2020-04-01_BTC-PERPETUAL.csv"; // 3 trades, amounts 100 + 2500 + 10
    static final String QUOTES = "binance-futures_quotes_2020-09-01_BTCUSDT.csv"; // 2 quotes

    @TempDir
    Path dir;

    static String sample(String name) {
        return SAMPLES.resolve(name).toString();
    }

    String storage() {
        return dir.resolve("store").toString();
    }

    Result ingest(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("ingest", "tardis", "--storage", storage(), "--no-progress"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** 'catalog ls' rows: view name → {blocks, events}. */
    static Map<String, long[]> listed(String out) {
        Map<String, long[]> rows = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 5 && (f[1].equals("data") || f[1].equals("feature"))) {
                rows.put(f[0], new long[] {Long.parseLong(f[3]), Long.parseLong(f[4].replace(",", ""))});
            }
        }
        return rows;
    }

    /** One line, "error: ...", no stack trace. */
    static void assertUserError(Result r, String contains) {
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("error: "), err);
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.contains(contains), err);
    }

    @Test
    void ingestListShowAndQueryTheSamples() {
        Result first = ingest(sample(L2), sample(SNAP5), sample(SNAP25), sample(TRADES), sample(QUOTES));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains(L2 + ": 15 rows, 1 events (0 already stored), 0 rows skipped, 1 blocks written"), first.out());
        assertTrue(first.out().contains(SNAP5 + ": 10 rows, 10 events (0 already stored), 0 rows skipped, 1 blocks written"), first.out());
        assertTrue(first.out().contains(SNAP25 + ": 10 rows, 10 events (0 already stored), 0 rows skipped, 1 blocks written"), first.out());
        assertTrue(first.out().contains(TRADES + ": 3 rows, 3 events (0 already stored), 0 rows skipped, 1 blocks written"), first.out());
        assertTrue(first.out().contains(QUOTES + ": 2 rows, 2 events (0 already stored), 0 rows skipped, 1 blocks written"), first.out());
        assertTrue(first.out().matches("(?s).*ingested 5 files: 40 rows \\(.*\\), 26 events \\(0 already stored\\), 0 rows skipped, 5 blocks written.*"),
                first.out());

        Result again = ingest(sample(L2), sample(SNAP5), sample(SNAP25), sample(TRADES), sample(QUOTES));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains(TRADES + ": 3 rows, 3 events (3 already stored), 0 rows skipped, 0 blocks written"), again.out());
        assertTrue(again.out().matches("(?s).*ingested 5 files: .*, 26 events \\(26 already stored\\), 0 rows skipped, 0 blocks written.*"), again.out());

        Result ls = run("catalog", "ls", "--storage", storage());
        assertEquals(0, ls.code(), ls.err());
        Map<String, long[]> rows = listed(ls.out());
        assertEquals(5, rows.size(), ls.out());
        assertEquals(List.of(1L, 1L), List.of(rows.get("l2_book_deribit_perpetual_btc_perpetual")[0], rows.get("l2_book_deribit_perpetual_btc_perpetual")[1]));
        // top-5 and top-25 snapshots are two data sources (l2_book with depth 5 and depth 25)
        assertEquals(List.of(1L, 10L), List.of(rows.get("l2_book_binance_futures_perpetual_btc_usdt_depth_5")[0], rows.get("l2_book_binance_futures_perpetual_btc_usdt_depth_5")[1]));
        assertEquals(List.of(1L, 10L), List.of(rows.get("l2_book_binance_futures_perpetual_btc_usdt_depth_25")[0], rows.get("l2_book_binance_futures_perpetual_btc_usdt_depth_25")[1]));
        assertEquals(List.of(1L, 3L), List.of(rows.get("trades_deribit_perpetual_btc_perpetual")[0], rows.get("trades_deribit_perpetual_btc_perpetual")[1]));
        assertEquals(List.of(1L, 2L), List.of(rows.get("ticker_binance_futures_perpetual_btc_usdt")[0], rows.get("ticker_binance_futures_perpetual_btc_usdt")[1]));

        Result show = run("catalog", "show", "--storage", storage(), "l2_book_binance_futures_perpetual_btc_usdt_depth_25");
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("exchange BINANCE_FUTURES, instrument_type perpetual, symbol BTC-USDT"), show.out());
        assertTrue(show.out().contains("\"depth\":25"), show.out());
        assertTrue(show.out().contains("1 blocks"), show.out());
        assertEquals(1, show.out().lines().filter(l -> l.contains("10 events") && l.contains("/data_sources/l2_book/")
                && l.endsWith(".parquet")).count(), show.out());

        Result count = run("sql", "--storage", storage(), "--csv", "select count(*) as n from trades_deribit_perpetual_btc_perpetual");
        assertEquals(0, count.code(), count.err());
        assertEquals("n\r\n3\r\n", count.out());
        Result sum = run("sql", "--storage", storage(), "--csv",
                "select count(*) as n, sum(amount) as a from trades_deribit_perpetual_btc_perpetual where amount > 50");
        assertEquals("n,a\r\n2,2600.0\r\n", sum.out(), sum.err());
        // times are TIMESTAMP_NS, printed as their UTC wall clock (the file's µs: 1585699200245000 is 2020-04-01 00:00:00.245)
        Result times = run("sql", "--storage", storage(), "--csv", "select timestamp, receipt_timestamp, epoch_ns(timestamp) as ns "
                + "from trades_deribit_perpetual_btc_perpetual where timestamp < '2020-04-01 00:00:01.5' order by timestamp");
        assertEquals("timestamp,receipt_timestamp,ns\r\n2020-04-01 00:00:00.245,2020-04-01 00:00:00.355684,1585699200245000000\r\n"
                + "2020-04-01 00:00:01,2020-04-01 00:00:01.1,1585699201000000000\r\n", times.out(), times.err());
        // an integer compared with a time column: DuckDB's error and how to write it
        assertUserError(run("sql", "--storage", storage(), "select * from trades_deribit_perpetual_btc_perpetual where timestamp > 5"),
                "use epoch_ns(timestamp) for integer ns");
        Result books = run("sql", "--storage", storage(), "--csv", "select count(*) as n, max(len(bid_prices)) as depth from l2_book_binance_futures_perpetual_btc_usdt_depth_25");
        assertEquals("n,depth\r\n10,25\r\n", books.out(), books.err());
        Result blocks = run("sql", "--storage", storage(), "--csv", "select count(*) as n from blocks");
        assertEquals("n\r\n5\r\n", blocks.out(), blocks.err());

        assertUserError(run("sql", "--storage", storage(), "selec nonsense from"), "SQL");
        assertUserError(run("sql", "--storage", storage(), "select * from no_such_view"), "no_such_view");
        assertUserError(run("catalog", "show", "--storage", storage(), "no_such_name"), "no_such_name");

        Result verified = run("catalog", "verify", "--storage", storage());
        assertEquals(0, verified.code(), verified.out() + verified.err());
        assertTrue(verified.out().contains("verified 5 blocks of 5 streams: all match the catalog"), verified.out());
        // a valid block file put in the place of another: reads cannot tell, verify does (exit 1, the file named)
        Path store = dir.resolve("store");
        Path top5 = onlyBlock(store, "l2_book_binance_futures_perpetual_btc_usdt_depth_5");
        Path top25 = onlyBlock(store, "l2_book_binance_futures_perpetual_btc_usdt_depth_25");
        try {
            java.nio.file.Files.copy(top5, top25, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Result swapped = run("catalog", "verify", "--storage", storage(), "l2_book_binance_futures_perpetual_btc_usdt_depth_25");
        assertEquals(1, swapped.code(), swapped.out() + swapped.err());
        assertTrue(swapped.out().contains("MISMATCH l2_book_binance_futures_perpetual_btc_usdt_depth_25: " + top25), swapped.out());
        assertTrue(swapped.out().contains("verified 1 blocks of 1 streams: 1 do not match the catalog"), swapped.out());
        assertUserError(run("catalog", "verify", "--storage", storage(), "no_such_name"), "no_such_name");
    }

    @Test
    void rehashMigratesBlocksListedUnderAnOlderHashSoVerifyAndReIngestWorkAgain() throws Exception {
        assertEquals(0, ingest(sample(TRADES), sample(QUOTES)).code());
        // as a store written before the hash change: every block listed under some other hash
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("store").resolve("catalog.db"));
             java.sql.Statement st = c.createStatement()) {
            assertEquals(2, st.executeUpdate("UPDATE data_source_blocks_metadata SET hash = 'old-' || hash"));
        }
        assertEquals(1, run("catalog", "verify", "--storage", storage()).code(), "old hashes do not verify");
        Result rehash = run("catalog", "rehash", "--storage", storage());
        assertEquals(0, rehash.code(), rehash.err());
        assertTrue(rehash.out().contains("rehashed 2 of 2 blocks"), rehash.out());
        assertEquals(0, run("catalog", "verify", "--storage", storage()).code());
        Result again = ingest(sample(TRADES), sample(QUOTES));
        assertTrue(again.out().contains("5 events (5 already stored), 0 rows skipped, 0 blocks written"), again.out());
        assertTrue(run("catalog", "rehash", "--storage", storage()).out().contains("rehashed 0 of 2 blocks"));
    }

    /** The one block file 'catalog show' lists for a stream. */
    Path onlyBlock(Path store, String view) {
        List<String> files = run("catalog", "show", "--storage", storage(), view).out().lines().filter(l -> l.endsWith(".parquet"))
                .map(l -> l.substring(l.indexOf(store.toString()))).toList();
        assertEquals(1, files.size(), files.toString());
        return Path.of(files.get(0));
    }

    @Test
    void badInputExitsTwoWithOneLine() {
        assertUserError(ingest(dir.resolve("missing.csv").toString()), "no such file");
        assertUserError(ingest("--compaction", "sometimes", sample(TRADES)), "--compaction");
        assertUserError(ingest("--compaction", "count:0", sample(TRADES)), "--compaction");
        // a malformed row: strict names file and line
        Path bad = dir.resolve("deribit_trades_2020-04-01_BTC-PERPETUAL.csv");
        try {
            Files.writeString(bad, "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
                    + "deribit,BTC-PERPETUAL,1585699200245000,1585699200355684,1,buy,6421.5,100\n"
                    + "deribit,BTC-PERPETUAL,1585699201000000,1585699201100000,2,sideways,6420,2500\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertUserError(ingest(bad.toString()), bad + ":3");
        Result lenient = ingest("--lenient", bad.toString());
        assertEquals(0, lenient.code(), lenient.err());
        assertTrue(lenient.out().contains(": 2 rows, 1 events (0 already stored), 1 rows skipped, 1 blocks written"), lenient.out());
    }

    @Test
    void hostileSymbolsStayInsideTheStorageAndTheirViewsWork() throws IOException {
        String[] hostile = {"x'); DROP TABLE data_sources_metadata; --", "../../x", "a/b", "a_b"};
        // typed by a user, a hostile symbol is refused on one line, as in a config
        for (String h : new String[] {hostile[0], hostile[1], hostile[2]}) {
            assertUserError(ingest("--symbol", h, sample(TRADES)), "--symbol '" + h + "': expected a symbol such as BTC-USDT");
        }
        // in a vendor file's rows it is data: stored under the source's key, its view works, nothing leaves the store
        for (int k = 0; k < hostile.length; k++) {
            Path f = dir.resolve("deribit_trades_2020-04-01_H" + k + ".csv");
            StringBuilder csv = new StringBuilder("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
            for (int i = 0; i < 3; i++) {
                csv.append("deribit,").append(hostile[k]).append("-PERPETUAL,").append(1585699200245000L + i * 1000).append(',')
                        .append(1585699200355684L + i * 1000).append(',').append(i + 1).append(",buy,6421.5,100\n");
            }
            Files.writeString(f, csv);
            Result r = ingest(f.toString());
            assertEquals(0, r.code(), r.err());
        }
        Result ls = run("catalog", "ls", "--storage", storage());
        assertEquals(0, ls.code(), ls.err());
        // 'A-B-PERPETUAL' and 'A_B-PERPETUAL' clean to the same view name: 'catalog ls' shows the names the views really have, one per source
        List<String> views = listed(ls.out()).keySet().stream().filter(v -> v.startsWith("trades_deribit_perpetual_")).sorted().toList();
        assertEquals(hostile.length, views.size(), ls.out());
        java.util.Set<String> symbols = new java.util.HashSet<>();
        for (String view : views) {
            assertEquals(3L, listed(ls.out()).get(view)[1], view);
            assertEquals("n\r\n3\r\n", run("sql", "--storage", storage(), "--csv", "select count(*) as n from " + view).out(), view);
            Result show = run("catalog", "show", "--storage", storage(), view);
            assertTrue(show.out().startsWith("data source " + view + "\n"), show.out());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("symbol (.+)\n").matcher(show.out());
            assertTrue(m.find(), show.out());
            symbols.add(m.group(1).strip());
        }
        assertEquals(hostile.length, symbols.size(), "one view per source: " + symbols);
        try (java.util.stream.Stream<Path> outside = Files.list(dir)) {
            assertEquals(List.of("store"), outside.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".csv")).toList(),
                    "nothing was written outside the store");
        }
        assertFalse(Files.exists(dir.resolve("x")) || Files.exists(dir.getParent().resolve("x")));
    }

    @Test
    void recordFromTheSimulatorThenListTheDataSources() throws IOException {
        Path cfg = dir.resolve("record.yaml");
        Files.writeString(cfg, """
                feature_configs:
                  - feature_definition: l2_book.l2_snapshot_fd
                    name: book_top5
                    params:
                      data_source:
                        - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                      feature:
                        0: {depth: 5, sampling: raw}
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi_1m
                    params:
                      data_source:
                        - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                      feature:
                        0: {window: 1m}
                """);
        Result rec = run("record", "--config", cfg.toString(), "--storage", storage(), "--duration", "3s", "--rate", "500");
        assertEquals(0, rec.code(), rec.err());
        assertTrue(rec.out().contains("recording 2 data sources and 0 features into " + storage()), rec.out());
        assertTrue(rec.out().matches("(?s).*recorded [1-9][0-9,]* events .*; [1-9][0-9]* blocks written.*"), rec.out());

        Result ls = run("catalog", "ls", "--storage", storage());
        assertEquals(0, ls.code(), ls.err());
        Map<String, long[]> rows = listed(ls.out());
        assertEquals(2, rows.size(), ls.out());
        for (String view : List.of("l2_book_binance_spot_btc_usdt", "trades_binance_spot_btc_usdt")) {
            assertTrue(rows.containsKey(view), ls.out());
            assertTrue(rows.get(view)[0] >= 1 && rows.get(view)[1] > 0, view + ": " + ls.out());
        }
        // every accepted event is stored: the recorded events (seq > 0; block-start snapshots have seq < 0) are the count printed
        java.util.regex.Matcher accepted = java.util.regex.Pattern.compile("recorded ([0-9,]+) events").matcher(rec.out());
        assertTrue(accepted.find(), rec.out());
        Result q = run("sql", "--storage", storage(), "--csv", "select (select count(*) from l2_book_binance_spot_btc_usdt where seq > 0)"
                + " + (select count(*) from trades_binance_spot_btc_usdt where seq > 0) as n");
        assertEquals("n\r\n" + accepted.group(1).replace(",", "") + "\r\n", q.out(), q.err());
    }
}

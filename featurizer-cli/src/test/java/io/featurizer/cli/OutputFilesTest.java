package io.featurizer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.featurizer.cli.FeaturizerCliTest.Result;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output files are complete or absent: {@code compute}, {@code replay} and {@code live --out} write under a temporary
 * name beside the target and rename it when done. Also: {@code live --out} writes the vectors as {@code replay --out}
 * does, {@code --print-every 0s} prints none, and progress is plain lines when standard error is not a terminal.
 */
class OutputFilesTest {
    static final String TVI = """
            feature_configs:
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}], feature: {0: {window: 1s}}}
            """;

    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        AtomicOutput.beforeCommit = () -> {
        };
    }

    String store() {
        return dir.resolve("store").toString();
    }

    /** 200 Tardis trades 10 ms apart from 2021-01-08T00:00:00Z, ingested; the config of one tvi feature over them. */
    Path ingestTrades() throws IOException {
        Path f = dir.resolve("binance_trades_2021-01-08_BTCUSDT.csv");
        StringBuilder csv = new StringBuilder("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
        long t0 = 1_610_064_000_000_000L;
        for (int i = 0; i < 200; i++) {
            csv.append("binance,BTCUSDT,").append(t0 + i * 10_000L).append(',').append(t0 + i * 10_000L + 5).append(',').append(i)
                    .append(i % 3 == 0 ? ",sell," : ",buy,").append("100.5,").append(1 + i % 4).append('\n');
        }
        Files.writeString(f, csv);
        Result r = run("ingest", "tardis", "--storage", store(), "--no-progress", f.toString());
        assertEquals(0, r.code(), r.err());
        Path cfg = dir.resolve("tvi.yaml");
        Files.writeString(cfg, TVI);
        return cfg;
    }

    /** Files in {@code dir} whose names mark an unfinished output. */
    List<Path> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".part") || p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void computeAndReplayLeaveNoFileWhenTheyFailAfterWritingEverything() throws IOException {
        Path cfg = ingestTrades();
        AtomicOutput.beforeCommit = () -> {
            throw new IllegalStateException("killed just before the rename");
        };
        Path table = dir.resolve("features.parquet");
        Result compute = run("compute", "--config", cfg.toString(), "--storage", store(), "--out", table.toString(), "--no-progress");
        assertEquals(1, compute.code(), "a failure, not a user error: " + compute.err());
        assertFalse(Files.exists(table));
        Path vectors = dir.resolve("vectors.jsonl");
        Result replay = run("replay", "--config", cfg.toString(), "--storage", store(), "--out", vectors.toString());
        assertEquals(1, replay.code(), replay.err());
        assertFalse(Files.exists(vectors));
        assertEquals(List.of(), leftovers(), "no temporary file is left");

        noHook();
        assertEquals(0, run("compute", "--config", cfg.toString(), "--storage", store(), "--out", table.toString(), "--no-progress").code());
        assertEquals(0, run("replay", "--config", cfg.toString(), "--storage", store(), "--out", vectors.toString()).code());
        assertEquals(200, Files.readAllLines(vectors).size(), "one vector per trade");
        assertEquals(List.of(), leftovers());
    }

    @Test
    void aComputeThatFindsNoDataLeavesAnOlderTableAsItWas() throws IOException {
        Path cfg = ingestTrades();
        Path table = dir.resolve("features.parquet");
        Files.writeString(table, "an older table");
        Result r = run("compute", "--config", cfg.toString(), "--storage", store(), "--out", table.toString(), "--no-progress",
                "--from", "2022-01-01", "--to", "2022-01-02");
        UserErrorsTest.assertOneLineUserError(r, "no stored data");
        assertEquals("an older table", Files.readString(table));
        assertEquals(List.of(), leftovers());
    }

    @Test
    void liveOutWritesEveryCombinedVectorAsReplayDoesAndPrintEveryZeroPrintsNone() throws Exception {
        Path cfg = dir.resolve("mid.yaml");
        Files.writeString(cfg, UserErrorsTest.CONFIG);
        FeatureStreamGraph graph = FeatureStreamGraph.builder(FeaturizerConfig.load(cfg)).build();
        Path vectors = dir.resolve("live.jsonl");
        Result r;
        try (SimulatedVenues venues = SimulatedVenues.start(graph.getIns(), SyntheticMarket.Config.defaults(7), 500)) {
            ExchangeSimulator sim = venues.simulators().get("BINANCE");
            r = run("live", "--config", cfg.toString(), "--venue-url", "BINANCE=" + sim.webSocketUri(), "--rest-url", "binance=" + sim.restUri(),
                    "--print-every", "0s", "--duration", "3s", "--out", vectors.toString());
        }
        assertEquals(0, r.code(), r.err());
        assertFalse(r.out().contains("  mid "), "no vector printed with --print-every 0s: " + r.out());
        long combined = FeaturizerCliTest.count(r.out(), "and ([0-9,]+) combined vectors", 1);
        assertTrue(combined > 0, r.out());
        List<String> lines = Files.readAllLines(vectors);
        assertEquals(combined, lines.size(), "every combined vector is written, not only the printed ones");
        long lastReceipt = Long.MIN_VALUE;
        for (String line : lines) {
            java.util.Map<String, JsonToken> v = fields(line);
            assertEquals(Set.of("timestamp", "receipt_timestamp", "mid-mid_price"), v.keySet(), line);
            assertEquals(JsonToken.VALUE_NUMBER_FLOAT, v.get("mid-mid_price"), line);
            long receipt = Long.parseLong(line.replaceAll(".*\"receipt_timestamp\":(-?\\d+).*", "$1"));
            assertTrue(receipt >= lastReceipt, "receipt order: " + line);
            lastReceipt = receipt;
        }
        assertTrue(r.out().contains("wrote " + combined + " combined vectors -> " + vectors), r.out());
        assertTrue(r.out().contains("delivery: hand-off"), "auto keeps a file writer off the socket reader: " + r.out());
        assertEquals(List.of(), leftovers());
    }

    /** The top-level fields of one JSON object and the kind of each value (a JSON parser, not the writer under test). */
    static java.util.Map<String, JsonToken> fields(String line) throws IOException {
        java.util.Map<String, JsonToken> m = new java.util.TreeMap<>();
        try (JsonParser p = new JsonFactory().createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                m.put(name, p.nextToken());
                p.skipChildren();
            }
            assertEquals(null, p.nextToken(), "one object per line: " + line);
        }
        return m;
    }

    @Test
    void withoutATerminalProgressIsAPlainLineNowAndThen() throws Exception {
        AtomicLong done = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<String> seen = new ArrayList<>();
        try (Progress p = new Progress("ingest", 4L << 20, " MB", 1 << 20, done::get, false, err, 50)) {
            done.set(1L << 20);
            p.printLine();
            done.set(3L << 20);
            p.printLine();
            Thread.sleep(300); // the ticker adds lines of its own meanwhile
        }
        seen.addAll(bytes.toString(StandardCharsets.UTF_8).lines().toList());
        assertTrue(seen.get(0).startsWith("ingest: 25% (1.0 of 4.0 MB) after "), seen.get(0));
        assertTrue(seen.get(1).startsWith("ingest: 75% (3.0 of 4.0 MB) after "), seen.get(1));
        assertTrue(seen.size() > 2, "the ticker printed too: " + seen);
        assertFalse(bytes.toString(StandardCharsets.UTF_8).contains("\r"), "no bar redraws");

        // the CLI itself, run with no terminal (as under a test runner or in a log): no bar art on standard error
        Path f = dir.resolve("binance_trades_2021-01-09_BTCUSDT.csv");
        Files.writeString(f, "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
                + "binance,BTCUSDT,1610150400000000,1610150400000005,1,buy,100.5,1\n");
        Result r = run("ingest", "tardis", "--storage", store(), f.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(r.err().contains("\r") || r.err().contains("[="), r.err());
    }
}

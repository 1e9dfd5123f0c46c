package io.featurizer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeaturizerCliTest {
    record Result(int code, String out, String err) {
    }

    static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = FeaturizerCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void demoRunsTheLivePathAgainstTheLocalSimulatorAndReplaysItsRecordingBitForBit() throws IOException {
        Set<Path> tempBefore = demoTempFolders();
        // 6 s at the default rate: the first combined vector waits for the first 1-minute OHLCV bar, about 4 s in
        Result r = run("demo", "--duration", "6s");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("local BINANCE simulator: ws://127.0.0.1:"), r.out());
        assertTrue(r.out().contains("mid_price="), r.out());
        assertTrue(r.out().contains("volatility_1m"), r.out());
        assertTrue(r.out().matches("(?s).*[0-9,]+ input events \\([0-9,]+/s\\) and [1-9][0-9,]* combined vectors.*"), r.out());
        assertTrue(r.out().matches("(?s).*latency frame receipt -> combined vector: p50 [0-9.]+ us, p99 .*"), r.out());
        assertTrue(r.out().matches("(?s).*feed BINANCE/spot: frames=[1-9][0-9]* .* garbage=0 .*"), r.out());

        // every live vector (as counted by the live summary) was compared with its replay, and none differs
        long live = count(r.out(), "and ([0-9,]+) combined vectors", 1);
        long inputs = count(r.out(), "([0-9,]+) input events \\(", 1);
        assertTrue(live > 0, r.out());
        assertEquals(live, count(r.out(), "replay parity: ([0-9,]+) vectors compared, 0 different", 1), r.out());
        assertEquals(inputs, count(r.out(), "different \\(([0-9,]+) inputs recorded", 1), "the recorder took every input the graph took: " + r.out());
        assertEquals(inputs, count(r.out(), "inputs recorded, ([0-9,]+) replayed", 1), r.out());
        assertEquals(tempBefore, demoTempFolders(), "the temporary recording is deleted");
    }

    /** The number in {@code group} of the first match of {@code regex}, thousands separators removed. */
    static long count(String out, String regex, int group) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no '" + regex + "' in:\n" + out);
        return Long.parseLong(m.group(group).replace(",", ""));
    }

    private static Set<Path> demoTempFolders() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("featurizer-demo-")).collect(Collectors.toSet());
        }
    }

    @Test
    void runStillComputesAConfigOverTheInProcessSyntheticMarket() {
        Path cfg = Path.of("..", "examples", "demo.yaml");
        Result r = run("run", "--config", cfg.toString(), "--market-time", "2m");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*processed [0-9,]+ input events in .* events/s; [0-9,]+ combined vectors.*"), r.out());
    }

    @Test
    void badConfigExitsTwoWithOneLocatedMessageAndNoStackTrace(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "feature_configs:\n  - feature_definition: price.no_such_fd\n");
        for (String cmd : new String[] {"validate", "run"}) {
            Result r = run(cmd, "--config", bad.toString());
            assertEquals(2, r.code(), cmd);
            assertTrue(r.err().contains("bad.yaml:2: feature_configs[0].feature_definition"), r.err());
            assertTrue(r.err().contains("known definitions"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void userErrorsInOptionsExitTwo() {
        assertEquals(2, run("demo", "--duration", "soon").code());
        assertEquals(2, run("demo", "--rate", "0").code());
        assertEquals(2, run("live", "--config", "../examples/demo.yaml", "--venue-url", "nonsense").code());
        assertEquals(2, run("run").code(), "missing --config");
        assertEquals(2, run("no-such-command").code());
        Result missing = run("validate", "--config", "/no/such/file.yaml");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("config file not found"), missing.err());
    }

    @Test
    void validatePrintsTreesWithKeys(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("ok.yaml");
        Files.writeString(cfg, DemoCommand.demoConfigText());
        Result r = run("validate", "--config", cfg.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("7 feature(s)"), r.out());
        assertTrue(r.out().matches("(?s).*volatility_1m +\\[volatility.volatility_stddev_fd .*key=[0-9a-f]{32}.*"), r.out());
    }

    @Test
    void definitionsListsTheBuiltIns() {
        Result r = run("definitions");
        assertEquals(0, r.code());
        for (String name : new String[] {"l2_book", "trades", "ticker", "synthetic.synthetic_sine_mid_price", "l2_book.l2_snapshot_fd",
                "price.mid_price_fd", "spread.relative_bid_ask_spread_fd", "volatility.volatility_stddev_fd", "tvi.trade_volume_imb_fd",
                "ohlcv.ohlcv_fd", "transforms.diff"}) {
            assertTrue(r.out().contains(name), name);
        }
    }

    @Test
    void validateReportsAMisspeltParamOnOneLineWithExitCode2(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("typo.yaml");
        Files.writeString(cfg, """
                feature_configs:
                  - feature_definition: tvi.trade_volume_imb_fd
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {windw: 30s}}
                """);
        Result r = run("validate", "--config", cfg.toString());
        assertEquals(2, r.code(), r.out());
        assertEquals("error: " + cfg + ":5: feature_configs[0].params.feature.0.windw: unknown param 'windw' for tvi.trade_volume_imb_fd;"
                + " did you mean 'window'? (its params: window, sampling, dep_schema)", r.err().strip());
    }

    @Test
    void validateReportsAnUnknownExchange(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("venue.yaml");
        Files.writeString(cfg, """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    params:
                      data_source: [{exchange: BYBT, instrument_type: spot, symbol: BTC-USDT}]
                """);
        Result r = run("validate", "--config", cfg.toString());
        assertEquals(2, r.code(), r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(":4: feature_configs[0].params.data_source[0].exchange: param 'exchange': unknown exchange 'BYBT';"
                + " did you mean 'BYBIT'?"), r.err());
    }

    @Test
    void definitionsMarkdownPrintsTheReferenceTables() {
        Result r = run("definitions", "--markdown");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| `tvi.trade_volume_imb_fd` | `window` | duration | 1m |"), r.out());
        assertTrue(r.out().contains("| `BYBIT` | yes |"), r.out());
    }
}

package io.featurizer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static io.featurizer.cli.FeaturizerCliTest.Result;
import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.SqlSafetyTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 11's list of user errors that ended in a stack trace or were silently ignored: each is one line and exit 2. */
class CliUserErrorsTest {
    static final String CONFIG = """
            feature_configs:
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}], feature: {0: {window: 10s}}}
            """;
    static final Path TRADES = Path.of("..", "featurizer-storage", "src", "test", "resources", "ingest", "deribit_trades_2020-04-01_BTC-PERPETUAL.csv");

    @TempDir
    Path dir;

    Path config() throws IOException {
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, CONFIG);
        return c;
    }

    @Test
    void venueUrlsMustBeWebSocketsOfAnExchangeTheConfigUses() throws IOException {
        String c = config().toString();
        assertUserError(run("live", "--config", c, "--venue-url", "BINANCE=http://127.0.0.1:1/", "--duration", "1s"), "expected a ws:// or wss:// URL, not http://");
        assertUserError(run("live", "--config", c, "--venue-url", "OKX=ws://127.0.0.1:1/", "--duration", "1s"),
                "the config uses no exchange OKX; it uses BINANCE");
        assertUserError(run("live", "--config", c, "--rest-url", "BINANCE=ws://127.0.0.1:1/", "--duration", "1s"), "expected a http:// or https:// URL");
        assertUserError(run("record", "--config", c, "--storage", dir.resolve("s").toString(), "--venue-url", "BYBIT=ws://127.0.0.1:1/",
                "--duration", "1s"), "the config uses no exchange BYBIT");
    }

    @Test
    void printEveryZeroMeansNever() {
        assertEquals(0, DemoCommand.printEvery("0s"));
        assertEquals(0, DemoCommand.printEvery("0"));
        assertEquals(1_500_000_000L, DemoCommand.printEvery("1500ms"));
    }

    @Test
    void outputsAreFilesWrittenWholeOrNotAtAll() throws IOException {
        String c = config().toString();
        String store = dir.resolve("store").toString();
        assertEquals(0, run("ingest", "tardis", "--storage", store, "--no-progress", "--exchange", "BINANCE", "--instrument-type", "spot",
                "--symbol", "BTC-USDT", TRADES.toString()).code());
        Path folder = Files.createDirectories(dir.resolve("outdir"));
        assertUserError(run("compute", "--config", c, "--storage", store, "--out", folder.toString(), "--no-progress"), "is a folder");
        assertUserError(run("replay", "--config", c, "--storage", store, "--out", folder.toString()), "is a folder");
        // a compute that fails leaves neither the target nor a temp file
        Path target = dir.resolve("out").resolve("t.parquet");
        assertUserError(run("compute", "--config", c, "--storage", store, "--out", target.toString(), "--no-progress",
                "--from", "2030-01-01", "--to", "2030-01-02"), "no stored data");
        assertFalse(Files.exists(target));
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(0, left.count(), "no temp file left");
        }
        Result ok = run("compute", "--config", c, "--storage", store, "--out", target.toString(), "--no-progress");
        assertEquals(0, ok.code(), ok.err());
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(1, left.count(), "only the table");
        }
        assertTrue(Files.size(target) > 0);
    }

    @Test
    void emptyIngestOverridesAreRefused() {
        String store = dir.resolve("store").toString();
        assertUserError(run("ingest", "tardis", "--storage", store, "--no-progress", "--symbol", "", TRADES.toString()), "--symbol is empty");
        assertUserError(run("ingest", "tardis", "--storage", store, "--no-progress", "--exchange", " ", TRADES.toString()), "--exchange is empty");
        assertUserError(run("ingest", "tardis", "--storage", store, "--no-progress", "--mode", "upsert", TRADES.toString()),
                "--mode: unknown ingest mode 'upsert': expected append or replace");
    }
}

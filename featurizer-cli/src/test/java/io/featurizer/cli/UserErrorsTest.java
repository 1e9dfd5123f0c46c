package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI never shows a stack trace for a user's mistake: each case below, tried as a user would, exits 2 with
 * exactly one line on standard error saying what was wrong, where, and what was expected.
 */
class UserErrorsTest {
    static final String CONFIG = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                params:
                  data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
            """;

    @TempDir
    Path dir;

    /** Exit 2, one line starting "error: " holding {@code contains}, and no Java in sight. */
    static void assertOneLineUserError(Result r, String contains) {
        assertEquals(2, r.code(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(contains), "expected '" + contains + "' in: " + err);
        for (String output : new String[] {r.err(), r.out()}) {
            assertFalse(output.contains("Exception"), output);
            assertFalse(output.contains("at io."), output);
            assertFalse(output.contains("\tat "), output);
        }
    }

    Path config() throws IOException {
        Path cfg = dir.resolve("mid.yaml");
        Files.writeString(cfg, CONFIG);
        return cfg;
    }

    String storage() {
        return dir.resolve("store").toString();
    }

    /** A Tardis trades file: {@code n} trades 1 ms apart from 2021-01-08T00:00:00Z. */
    Path tradesFile(String name, int n) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        StringBuilder csv = new StringBuilder("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
        long t0 = 1_610_064_000_000_000L;
        for (int i = 0; i < n; i++) {
            csv.append("binance,BTCUSDT,").append(t0 + i * 1000L).append(',').append(t0 + i * 1000L + 5).append(',').append(i)
                    .append(i % 2 == 0 ? ",buy," : ",sell,").append(100 + i % 7).append(".5,1\n");
        }
        Files.writeString(f, csv);
        return f;
    }

    @Test
    void venueUrlsMustNameAnExchangeTheConfigUsesAndSpeakTheRightScheme() throws IOException {
        String cfg = config().toString();
        assertOneLineUserError(run("live", "--config", cfg, "--venue-url", "BYBIT=ws://127.0.0.1:9/", "--duration", "1s"),
                "--venue-url 'BYBIT=ws://127.0.0.1:9/': the config uses no exchange BYBIT; it uses BINANCE");
        assertOneLineUserError(run("live", "--config", cfg, "--venue-url", "BINANSE=ws://127.0.0.1:9/", "--duration", "1s"),
                "did you mean 'BINANCE'?");
        assertOneLineUserError(run("live", "--config", cfg, "--rest-url", "OKX=http://127.0.0.1:9/", "--duration", "1s"),
                "the config uses no exchange OKX; it uses BINANCE");
        assertOneLineUserError(run("live", "--config", cfg, "--venue-url", "BINANCE=http://127.0.0.1:9/", "--duration", "1s"),
                "--venue-url 'BINANCE=http://127.0.0.1:9/': expected a ws:// or wss:// URL");
        assertOneLineUserError(run("live", "--config", cfg, "--rest-url", "BINANCE=ws://127.0.0.1:9/", "--duration", "1s"),
                "--rest-url 'BINANCE=ws://127.0.0.1:9/': expected a http:// or https:// URL");
        assertOneLineUserError(run("live", "--config", cfg, "--venue-url", "BINANCE=ws:///path", "--duration", "1s"), "no host in the URL");
        assertOneLineUserError(run("live", "--config", cfg, "--venue-url", "BINANCE", "--duration", "1s"), "expected EXCHANGE=URL");
        assertOneLineUserError(run("record", "--config", cfg, "--storage", storage(), "--venue-url", "BINANCE=http://127.0.0.1:9/", "--duration", "1s"),
                "expected a ws:// or wss:// URL");
        assertOneLineUserError(run("record", "--config", cfg, "--storage", storage(), "--venue-url", "KRAKEN=ws://127.0.0.1:9/", "--duration", "1s"),
                "the config uses no exchange KRAKEN; it uses BINANCE");
    }

    @Test
    void hostileSymbolsInARecordedConfigAreRefusedAtLoad() throws IOException {
        for (String symbol : new String[] {"../x", "a/b"}) {
            Path cfg = dir.resolve("hostile.yaml");
            Files.writeString(cfg, CONFIG.replace("BTC-USDT", symbol));
            assertOneLineUserError(run("record", "--config", cfg.toString(), "--storage", storage(), "--duration", "1s"),
                    "hostile.yaml:5: feature_configs[0].params.data_source[0].symbol: param 'symbol': '" + symbol + "' is not a symbol such as BTC-USDT");
        }
        assertFalse(Files.exists(dir.resolve("x")), "nothing was written outside the store");
    }

    @Test
    void aSecondRecorderOnOneStoreNamesTheStoreAndTheRunningRecordersPid() throws Exception {
        String cfg = config().toString();
        Path lock = dir.resolve("store").resolve("journal").resolve("journal.lock");
        // the first recorder is another process, as a user's would be: the real CLI, recording from its local simulator
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), FeaturizerCli.class.getName(), "record", "--config", cfg, "--storage", storage(),
                "--duration", "60s"));
        Process first = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("first.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(lock) && Files.readString(lock).strip().equals(Long.toString(first.pid())))) {
                assertTrue(first.isAlive(), () -> "the first recorder stopped: " + read(dir.resolve("first.log")));
                assertTrue(System.nanoTime() < deadline, "the first recorder never locked the journal");
                Thread.sleep(100);
            }
            assertOneLineUserError(run("record", "--config", cfg, "--storage", storage(), "--duration", "1s"),
                    "storage " + storage() + " is being recorded into by another recorder (pid " + first.pid() + "): one recorder per store");
        } finally {
            first.destroy();
            first.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void computeOutMustBeAFileInAnExistingFolder() throws IOException {
        String cfg = config().toString();
        Path folder = Files.createDirectories(dir.resolve("out"));
        assertOneLineUserError(run("compute", "--config", cfg, "--storage", storage(), "--out", folder.toString(), "--no-progress"),
                "--out " + folder + ": is a folder; expected a file path such as " + folder.resolve("features.parquet"));
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLineUserError(run("compute", "--config", cfg, "--storage", storage(), "--out", aFile.resolve("x.parquet").toString()),
                "--out " + aFile.resolve("x.parquet") + ": cannot create the folder " + aFile);
        assertOneLineUserError(run("replay", "--config", cfg, "--storage", storage(), "--out", folder.toString()), "is a folder");
        assertOneLineUserError(run("live", "--config", cfg, "--out", folder.toString(), "--duration", "1s"), "is a folder");
    }

    @Test
    void ingestOverridesAreCheckedAsAConfigsParamsAre() throws IOException {
        String f = tradesFile("binance_trades_2021-01-08_BTCUSDT.csv", 3).toString();
        assertOneLineUserError(run("ingest", "tardis", "--storage", storage(), "--no-progress", "--symbol", "", f),
                "--symbol is empty: give a value (e.g. --symbol BTC-USDT) or leave the option out");
        assertOneLineUserError(run("ingest", "tardis", "--storage", storage(), "--no-progress", "--symbol", "../x", f), "--symbol '../x'");
        assertOneLineUserError(run("ingest", "tardis", "--storage", storage(), "--no-progress", "--exchange", "BINANSE", f),
                "--exchange 'BINANSE': unknown exchange; did you mean 'BINANCE'?");
        assertOneLineUserError(run("ingest", "tardis", "--storage", storage(), "--no-progress", "--instrument-type", "swap", f),
                "--instrument-type 'swap': expected one of spot, perpetual, futures, option; did you mean 'perpetual'?");
        assertOneLineUserError(run("ingest", "tardis", "--storage", storage(), "--no-progress", "--data-type", "book", f),
                "Tardis data type 'book' is not supported");
        assertOneLineUserError(run("ingest", "tardis", "--storage", storage(), "--no-progress", dir.resolve("missing.csv").toString()),
                "no such file: " + dir.resolve("missing.csv"));
        assertOneLineUserError(run("ingest", "cryptotick", "--storage", storage(), "--no-progress", "--day", "2021-02-30", f),
                "--day '2021-02-30': expected YYYY-MM-DD");
    }

    @Test
    void aTardisFileThatNamesNoExchangeAndHasNoRowsSaysWhatNameWasExpected() throws IOException {
        Path f = dir.resolve("notes.csv");
        Files.writeString(f, "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
        assertOneLineUserError(run("ingest", "tardis", "--storage", storage(), "--no-progress", f.toString()),
                "no exchange in the file name or a data row in " + f + ": expected a Tardis download named like binance_trades_2021-01-08_BTCUSDT.csv.gz");
    }

    @Test
    void wrongValuesForEveryCommandExitTwoOnOneLine() throws IOException {
        String cfg = config().toString();
        String st = storage();
        Files.createDirectories(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path gzipCutShort = Files.write(dir.resolve("cut.csv.gz"), new byte[] {0x1f, (byte) 0x8b, 8});
        Object[][] cases = {
                {new String[] {"demo", "--duration", "soon"}, "--duration: 'soon' is not a duration"},
                {new String[] {"demo", "--duration", "-1s"}, "--duration: '-1s'"},
                {new String[] {"demo", "--rate", "0"}, "--rate must be > 0"},
                {new String[] {"demo", "--delivery", "fast"}, "--delivery 'fast': expected auto, hand-off or inline"},
                {new String[] {"demo", "--storage", file.resolve("sub").toString(), "--duration", "1s"}, "--storage " + file.resolve("sub") + ": cannot create the folder"},
                {new String[] {"run", "--config", cfg, "--market-time", "0s"}, "--market-time: '0s' must be a positive duration"},
                {new String[] {"run"}, "Missing required option: '--config=<config>' (see 'featurizer run --help')"},
                {new String[] {"validate", "--config", dir.resolve("none.yaml").toString()}, "config file not found"},
                {new String[] {"validate", "--config", dir.toString()}, "cannot read config"},
                {new String[] {"live", "--config", cfg, "--duration", "0s"}, "--duration: '0s' must be a positive duration"},
                {new String[] {"live", "--config", cfg, "--print-every", "often"}, "--print-every: 'often' is not a duration"},
                {new String[] {"simulate", "--exchange", "NOPE", "BTC-USDT"}, "no live connector for exchange 'NOPE'"},
                {new String[] {"simulate", "--rate", "-5", "BTC-USDT"}, "--rate -5.0: expected a positive number"},
                {new String[] {"simulate", "../x"}, "SYMBOL '../x': expected a symbol such as BTC-USDT"},
                {new String[] {"simulate", ""}, "SYMBOL '': expected a symbol such as BTC-USDT"},
                {new String[] {"simulate", "--pacing", "fast", "BTC-USDT"}, "unknown pacing 'fast': poisson, even or batched"},
                {new String[] {"record", "--config", cfg, "--storage", st, "--fsync", "sometimes"}, "--fsync 'sometimes': expected never, always, flush"},
                {new String[] {"record", "--config", cfg, "--storage", st, "--compaction", "often"}, "--compaction: compaction 'often'"},
                {new String[] {"record", "--config", cfg, "--storage", st, "--rest-url", "BINANCE=http://127.0.0.1:9/"}, "--rest-url needs --venue-url"},
                {new String[] {"replay", "--config", cfg, "--storage", st, "--from", "yesterday"}, "--from 'yesterday' is not a time: expected ISO-8601"},
                {new String[] {"replay", "--config", cfg, "--storage", st, "--from", "2021-02-30"}, "--from '2021-02-30'"},
                {new String[] {"replay", "--config", cfg, "--storage", st, "--from", "2021-01-09", "--to", "2021-01-08"}, "the replay range is empty"},
                {new String[] {"replay", "--config", cfg, "--storage", st, "--order", "random"}, "--order 'random': expected time or sequence"},
                {new String[] {"replay", "--config", cfg, "--storage", dir.resolve("nowhere").toString()}, "--storage " + dir.resolve("nowhere") + ": no such folder"},
                {new String[] {"compute", "--config", cfg, "--storage", st, "--out", dir.resolve("f.parquet").toString(), "--parallelism", "-1"},
                        "--parallelism -1: expected at least 1 thread"},
                {new String[] {"compute", "--config", cfg, "--storage", st, "--out", dir.resolve("f.parquet").toString(), "--parallelism", "many"},
                        "Invalid value for option '--parallelism': 'many' is not an int (see 'featurizer compute --help')"},
                {new String[] {"compute", "--config", cfg, "--storage", st, "--out", dir.resolve("f.parquet").toString(), "--chunk", "0s"}, "--chunk: '0s'"},
                {new String[] {"compute", "--config", cfg, "--storage", st, "--out", dir.resolve("f.parquet").toString(), "--no-progress"}, "storage holds no data of"},
                {new String[] {"ingest", "tardis", "--storage", st, "--mode", "merge", file.toString()}, "--mode: unknown ingest mode 'merge'"},
                {new String[] {"ingest", "tardis", "--storage", st, "--compaction", "0s", file.toString()}, "--compaction: compaction '0s'"},
                {new String[] {"catalog", "show", "nothing_here", "--storage", st}, "nothing named or keyed 'nothing_here'"},
                {new String[] {"catalog", "ls", "--storage", file.toString()}, "--storage " + file + ": is a file"},
                {new String[] {"catalog", "ls", "--storage", dir.resolve("nowhere").toString()}, "no such folder"},
                {new String[] {"sql", "--storage", st, ""}, "SQL: one query at a time"},
                {new String[] {"sql", "--storage", st, "--max-rows", "-1", "SELECT 1"}, "--max-rows -1: expected 0 or more"},
                {new String[] {"catalog", "ls", "--storage", ""}, "--storage '': expected a folder"},
                {new String[] {"catalog", "rehash", "--storage", dir.resolve("nowhere").toString()}, "--storage " + dir.resolve("nowhere") + ": no such folder"},
                {new String[] {"catalog", "compact", "x", "--storage", dir.resolve("nowhere").toString()}, "no such folder"},
                {new String[] {"compute", "--config", cfg, "--storage", st, "--out", ""}, "--out '': expected a file path such as features.parquet"},
                {new String[] {"ingest", "tardis", "--storage", st, "--no-progress", gzipCutShort.toString()},
                        "unreadable gzip header (cut short) in " + gzipCutShort + ": expected a gzip or plain CSV file"},
                {new String[] {"definitions", "--nope"}, "Unknown option: '--nope' (see 'featurizer definitions --help')"},
                {new String[] {"no-such-command"}, "Unmatched argument at index 0: 'no-such-command'"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            assertOneLineUserError(run(args), (String) c[1]);
        }
        assertFalse(Files.exists(dir.resolve("nowhere")), "a read-only command creates no storage folder");
    }
}

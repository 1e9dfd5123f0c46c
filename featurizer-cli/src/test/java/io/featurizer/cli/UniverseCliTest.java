package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.UserErrorsTest.assertOneLineUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Universes on the command line: validate prints them; '*' comes from the simulator or storage; mistakes are one line, exit 2. */
class UniverseCliTest {
    @TempDir
    Path dir;

    Path config(String yaml) throws IOException {
        Path f = dir.resolve("u.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    static final String STAR = """
            universe: {exchange: BINANCE, instrument_type: spot, symbols: '*'}
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                for_each: universe
            """;

    @Test
    void validatePrintsTheUniverseAndEveryInstance() throws IOException {
        Result r = run("validate", "--config", config(STAR.replace("'*'", "[BTC-USDT, ETH-USDT]")).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("universe universe: BINANCE spot, 2 symbol(s): BTC-USDT, ETH-USDT"), r.out());
        assertTrue(r.out().contains("  mid.ETH-USDT  [price.mid_price_fd"), r.out());
    }

    @Test
    void starFromTheSimulatorOrStorage() throws IOException {
        String cfg = config(STAR).toString();
        Result sim = run("validate", "--config", cfg, "--symbols-from", "simulator");
        assertEquals(0, sim.code(), sim.err());
        assertTrue(sim.out().contains("100 symbol(s): BTC-USDT, ETH-USDT, BNB-USDT"), sim.out());
        assertOneLineUserError(run("validate", "--config", cfg), "'*' means every symbol BINANCE spot lists, but nothing lists symbols here");
        assertOneLineUserError(run("validate", "--config", cfg, "--symbols-from", "simulatr"), "did you mean 'simulator'?");
        Files.createDirectories(dir.resolve("store"));
        assertOneLineUserError(run("validate", "--config", cfg, "--symbols-from", "storage", "--storage", dir.resolve("store").toString()),
                "universe 'universe' is empty: storage " + dir.resolve("store") + " lists no BINANCE spot symbols");
    }

    @Test
    void badUniverseIsOneLine() throws IOException {
        assertOneLineUserError(run("validate", "--config", config(STAR.replace("for_each: universe", "for_each: univers")
                .replace("'*'", "[BTC-USDT]")).toString()), "u.yaml:5: feature_configs[0].for_each: for_each: 'univers' names no universe; did you mean 'universe'?");
        assertOneLineUserError(run("run", "--config", config(STAR.replace("'*'", "[BTC-USDT, BTC-USDT]")).toString()),
                "symbol 'BTC-USDT' is given twice in universe 'universe'");
    }
}

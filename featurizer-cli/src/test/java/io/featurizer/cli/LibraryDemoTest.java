package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.featurizer.cli.FeaturizerCliTest.count;
import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The feature library live (issue 14: "equals the live run over the simulator recording of the same events"):
 * {@code examples/library.yaml} (every built-in definition, BTC and ETH spot and perpetual on Binance and OKX)
 * passes {@code validate}, and {@code demo --config} runs it over the simulators' WebSockets while recording,
 * then replays the recording: every combined vector equals the live one, bit for bit, with no resync.
 */
class LibraryDemoTest {
    static final String LIBRARY = Path.of("../examples/library.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void theLibraryExampleValidates() {
        Result r = run("validate", "--config", LIBRARY);
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void theLibraryRunsLiveAgainstTheSimulatorAndItsReplayGivesTheSameVectors() throws IOException {
        Path store = dir.resolve("rec");
        Result demo = run("demo", "--config", LIBRARY, "--duration", "8s", "--print-every", "0s", "--storage", store.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        long vectors = count(demo.out(), "and ([0-9,]+) combined vectors", 1);
        assertTrue(vectors > 100, "combined vectors (every feature has a value): " + demo.out());
        assertEquals(vectors, count(demo.out(), "replay parity: ([0-9,]+) vectors compared, 0 different", 1), demo.out());
        for (String line : demo.out().split("\n")) {
            if (line.startsWith("feed ")) {
                assertTrue(line.contains(" resyncs=0 ") && line.contains(" dropped=0 "), line);
            }
        }
        assertTrue(Files.isDirectory(store));
    }
}

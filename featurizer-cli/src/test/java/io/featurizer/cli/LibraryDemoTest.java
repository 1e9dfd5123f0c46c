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
 * then replays the recording: every combined vector equals the live one, bit for bit, and no feed resynchronises
 * except after an event the hand-off dropped.
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
        // 1,000 messages/s per instrument (8 of them): about 40 s of market time, so the 30 s windows and the VPIN buckets fill
        Result demo = run("demo", "--config", LIBRARY, "--duration", "10s", "--rate", "1000", "--print-every", "0s", "--storage", store.toString());
        assertEquals(0, demo.code(), demo.out() + demo.err());
        long vectors = count(demo.out(), "and ([0-9,]+) combined vectors", 1);
        assertTrue(vectors > 100, "combined vectors (every feature has a value): " + demo.out());
        assertEquals(vectors, count(demo.out(), "replay parity: ([0-9,]+) vectors compared, 0 different", 1), demo.out());
        for (String line : demo.out().split("\n")) {
            if (line.startsWith("feed ")) {
                // a busy machine may make the hand-off drop (counted; the feed then resends its book), never a resync of its own
                long resyncs = count(line, " resyncs=([0-9]+) ", 1), dropped = count(line, " dropped=([0-9]+) ", 1);
                assertTrue(resyncs <= dropped, line);
            }
        }
        assertTrue(Files.isDirectory(store));
    }
}

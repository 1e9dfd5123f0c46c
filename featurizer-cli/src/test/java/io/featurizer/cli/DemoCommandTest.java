package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.featurizer.cli.FeaturizerCliTest.count;
import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.StorageCommandsTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featurizer demo --storage}: the recording behind the parity line is kept and is an ordinary
 * recording (the full run and its parity line are in {@link FeaturizerCliTest}).
 */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void aKeptRecordingReplaysWithTheReplayCommandToTheSameInputsAndVectors() throws IOException {
        Path store = dir.resolve("rec");
        Result demo = run("demo", "--duration", "2s", "--storage", store.toString());
        assertEquals(0, demo.code(), demo.err());
        assertTrue(demo.out().contains("recording kept in " + store), demo.out());
        long inputs = count(demo.out(), "([0-9,]+) input events \\(", 1);
        long vectors = count(demo.out(), "and ([0-9,]+) combined vectors", 1);
        assertTrue(inputs > 0, demo.out());
        assertEquals(vectors, count(demo.out(), "replay parity: ([0-9,]+) vectors compared, 0 different", 1), demo.out());

        Path config = dir.resolve("demo.yaml");
        Files.writeString(config, DemoCommand.demoConfigText());
        Path lines = dir.resolve("vectors.jsonl");
        Result replay = run("replay", "--config", config.toString(), "--storage", store.toString(), "--order", "sequence", "--out", lines.toString());
        assertEquals(0, replay.code(), replay.err());
        assertEquals(inputs, count(replay.out(), "replayed ([0-9,]+) input events", 1), replay.out());
        assertEquals(vectors, count(replay.out(), "into ([0-9,]+) combined vectors", 1), replay.out());
        try (var l = Files.lines(lines)) {
            assertEquals(vectors, l.count());
        }
    }

    @Test
    void aStorageFolderWithDataInItIsRefused() throws IOException {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("catalog.db"), "");
        assertUserError(run("demo", "--duration", "1s", "--storage", used.toString()), "expected an empty or new folder");
    }
}

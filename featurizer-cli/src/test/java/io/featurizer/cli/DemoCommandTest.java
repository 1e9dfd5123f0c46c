package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.featurizer.cli.FeaturizerCliTest.count;
import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.StorageCommandsTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featurizer demo}'s replay parity beyond the full run in {@link FeaturizerCliTest}: a recording kept
 * with {@code --storage} is an ordinary recording, and a difference is counted and shown.
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
    void liveVectorsTheReplayDoesNotGiveAreCountedAndTheFirstIsShown() {
        // two live vectors, but nothing recorded: the replay gives none, so both differ and the check fails
        FeaturizerConfig config = FeaturizerConfig.parse(DemoCommand.demoConfigText(), "demo.yaml");
        List<Feature> outs = config.features();
        Event[] events = outs.stream().map(f -> Events.newEvent(f.schema())).toArray(Event[]::new);
        boolean[] present = new boolean[outs.size()];
        Arrays.fill(present, true);
        GroupedNamedDataEvent vector = new GroupedNamedDataEvent(outs, events, present);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ReplayParity parity = ReplayParity.open(config, null, new PrintStream(text, true, StandardCharsets.UTF_8));
        vector.setTimes(1_000, 2_000);
        parity.onCombined(vector);
        vector.setTimes(3_000, 4_000);
        parity.onCombined(vector);
        parity.finish();
        String out = text.toString(StandardCharsets.UTF_8);
        assertFalse(parity.passed(), out);
        assertTrue(out.startsWith("replay parity: 2 vectors compared, 2 different (0 inputs recorded, 0 replayed"), out);
        assertTrue(out.contains("first difference at vector 0 (2 live, 0 replayed so far):\n  only the live run has it: GroupedNamedDataEvent{ts=1000, receiptTs=2000"), out);
        parity.close(); // already released by finish: a second close is harmless
    }

    @Test
    void aStorageFolderWithDataInItIsRefused() throws IOException {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("catalog.db"), "");
        assertUserError(run("demo", "--duration", "1s", "--storage", used.toString()), "expected an empty or new folder");
    }

    @Test
    void inlineDeliveryRunsTheSameLivePathAndReplaysToTheSameVectors() {
        Result demo = run("demo", "--duration", "5s", "--delivery", "inline"); // 5 s: past the first 1-minute bar of market time
        assertEquals(0, demo.code(), demo.err());
        long vectors = count(demo.out(), "and ([0-9,]+) combined vectors in", 1);
        assertTrue(vectors > 0, demo.out());
        assertTrue(demo.out().contains("dropped=0"), demo.out());
        assertEquals(vectors, count(demo.out(), "replay parity: ([0-9,]+) vectors compared, 0 different", 1), demo.out());
        assertUserError(run("demo", "--delivery", "sideways"), "--delivery 'sideways': expected auto, hand-off or inline");
    }
}

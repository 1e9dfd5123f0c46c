package io.featurizer.core.definitions;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a graph, the L2 snapshot's operator tells the order-flow window which levels it changed (L2SnapshotFD.Changes), and
 * the window visits only those; fed snapshots alone (a harness, no snapshot operator), the window finds them by comparing
 * every level. Over random book messages ({@link TestEvents#randomBook}: deltas before the first snapshot, levels inserted,
 * deleted and resized at any rank, past the snapshot's depth too, whole-book snapshots, an empty side, equal timestamps),
 * raw or bucketed sampling, the two give the same bits at every output; and a graph restored from an earlier snapshot of
 * itself (the same objects, after going on) continues exactly as it went the first time.
 */
class SnapshotChangesTest {
    private static final long BASE = 1_700_000_000_000_000_000L;

    @Property(tries = 60)
    void theWriterSaysWhatChangedAndTheWindowAgreesWithComparingEveryLevel(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int snapshotDepth, @ForAll boolean fullBook,
            @ForAll @IntRange(min = 0, max = 10) int buckets, @ForAll @IntRange(min = 1, max = 8) int ofiDepth,
            @ForAll @IntRange(min = 0, max = 1500) int taken, @ForAll @IntRange(min = 0, max = 500) int further) {
        Random rnd = new Random(seed);
        List<BookUpdate> messages = TestEvents.randomBook(rnd, 1500, BASE);
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Map<String, Object> params = new HashMap<>();
        params.put("depth", fullBook ? -1 : snapshotDepth);
        params.put("sampling", buckets == 0 ? "raw" : 100 * buckets + "ms");
        Feature snapshot = Features.feature("l2_book.l2_snapshot_fd", params, book);
        int depth = fullBook ? ofiDepth : Math.min(ofiDepth, snapshotDepth);
        List<Feature> flows = List.of(
                Features.feature("flow.multi_level_ofi", Map.of("window", "3s", "depth", depth), snapshot),
                Features.feature("flow.ofi", Map.of("window", "3s"), snapshot));
        List<Feature> all = new ArrayList<>(flows);
        all.add(snapshot);

        Run whole = new Run(all);
        for (int i = 0; i < messages.size(); i++) {
            whole.play(book, messages.get(i), i);
        }
        List<Event> snapshots = whole.outputs.get(snapshot);
        assertTrue(snapshots.size() > 50, "snapshots emitted: " + snapshots.size());
        for (Feature f : flows) { // the same feature over the same snapshots, with no snapshot operator to say what changed
            FeatureTestHarness alone = FeatureTestHarness.of(f);
            List<Event> expected = alone.pushAll(snapshots);
            List<Event> actual = whole.outputs.get(f);
            assertEquals(expected.size(), actual.size(), f.name() + " outputs");
            for (int k = 0; k < expected.size(); k++) {
                assertEquals(expected.get(k), actual.get(k), f.name() + " output " + k + ", told against compared");
            }
        }

        // the same graph goes on past the snapshot, is restored from it, and must repeat what it did from there
        int upTo = Math.min(messages.size(), taken + further);
        Run again = new Run(all);
        byte[] state = null;
        for (int i = 0; i < upTo; i++) {
            if (i == taken) {
                state = again.graph.snapshot();
            }
            again.play(book, messages.get(i), i);
        }
        if (state == null) {
            state = again.graph.snapshot();
        }
        again.graph.restore(state);
        again.outputs.clear();
        again.inputs.clear();
        for (int i = taken; i < messages.size(); i++) {
            again.play(book, messages.get(i), i);
        }
        for (Feature f : all) {
            List<Event> expected = whole.from(f, taken);
            List<Event> actual = again.outputs.getOrDefault(f, List.of());
            assertEquals(expected.size(), actual.size(), f.name() + " outputs after the restore at " + taken);
            for (int k = 0; k < expected.size(); k++) {
                assertEquals(expected.get(k), actual.get(k), f.name() + " output " + k + " after the restore at " + taken);
            }
        }
    }

    /**
     * A cursor is told only about the emission right after the one it saw: not at its first, not when it missed one, not
     * for a copy of the snapshot, not after a restore, and never in a graph where no snapshot operator writes the changes.
     */
    @Test
    void aCursorIsToldOnlyAboutTheNextEmissionOfTheSnapshotItSaw() {
        Feature snapshot = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), Features.l2Book("BINANCE", "spot", "BTC-USDT"));
        L2SnapshotFD.Changes changes = L2SnapshotFD.Changes.of(OperatorContext.of(snapshot, new HashMap<>()), snapshot);
        L2SnapshotFD.Cursor a = changes.cursor();
        L2SnapshotFD.Cursor b = changes.cursor();
        FeatureEvent out = new FeatureEvent(L2SnapshotFD.SCHEMA);
        changes.emitted(out);
        assertFalse(a.next(out), "a's first");
        assertFalse(b.next(out), "b's first");
        changes.bids.add(2, 3);
        changes.emitted(out);
        assertTrue(a.next(out), "the next emission");
        assertEquals(2, a.bids().from());
        assertEquals(3, a.bids().to());
        assertTrue(a.asks().from() >= a.asks().to(), "no ask changed");
        changes.emitted(out);
        assertTrue(a.next(out));
        assertFalse(b.next(out), "b missed one");
        assertTrue(a.bids().from() >= a.bids().to(), "nothing written since");
        changes.emitted(out);
        assertFalse(a.next(out.copy()), "a copy of the snapshot");
        assertTrue(b.next(out), "the one after the one b saw");
        changes.restored();
        changes.emitted(out);
        assertFalse(b.next(out), "after a restore");

        L2SnapshotFD.Cursor alone = L2SnapshotFD.Changes.of(OperatorContext.of(snapshot), snapshot).cursor(); // no writer
        assertFalse(alone.next(out));
        assertFalse(alone.next(out));
    }

    /** A graph with each feature's outputs (copies) and the input each came with. */
    private static final class Run {
        final FeatureStreamGraph graph;
        final Map<Feature, List<Event>> outputs = new HashMap<>();
        final Map<Feature, List<Integer>> inputs = new HashMap<>();
        private int input;

        Run(List<Feature> features) {
            graph = FeatureStreamGraph.builder(features).build();
            for (Feature f : features) {
                graph.setCallback(f, (feature, e) -> {
                    outputs.computeIfAbsent(feature, k -> new ArrayList<>()).add(e.copy());
                    inputs.computeIfAbsent(feature, k -> new ArrayList<>()).add(input);
                });
            }
        }

        void play(Feature book, BookUpdate message, int i) {
            input = i;
            graph.emit(book, message);
        }

        /** The outputs that came with input {@code from} or later. */
        List<Event> from(Feature f, int from) {
            List<Event> out = new ArrayList<>();
            List<Event> all = outputs.getOrDefault(f, List.of());
            for (int k = 0; k < all.size(); k++) {
                if (inputs.get(f).get(k) >= from) {
                    out.add(all.get(k));
                }
            }
            return out;
        }
    }
}

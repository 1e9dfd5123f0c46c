package io.featurizer.core.definitions.book;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a graph, the L2 snapshot's operator tells the order-flow window which levels it changed (L2SnapshotFD.Changes), and
 * the window visits only those; fed snapshots alone (a harness, no snapshot operator), the window finds them by comparing
 * every level. Over random book messages (levels inserted, deleted and resized at any rank, past the snapshot's depth too,
 * whole-book snapshots, equal timestamps), raw or bucketed sampling, the two give the same bits at every output; and a
 * graph restored from an earlier snapshot of itself (the same objects, after going on) continues exactly as it went the
 * first time.
 */
class SnapshotChangesTest {
    private static final long MS = 1_000_000L;
    private static final long BASE = 1_700_000_000_000_000_000L;

    @Property(tries = 60)
    void theWriterSaysWhatChangedAndTheWindowAgreesWithComparingEveryLevel(
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 8) int snapshotDepth, @ForAll boolean fullBook,
            @ForAll @IntRange(min = 0, max = 10) int bucketMs, @ForAll @IntRange(min = 1, max = 8) int ofiDepth,
            @ForAll @IntRange(min = 0, max = 1500) int taken, @ForAll @IntRange(min = 0, max = 500) int further) {
        Random rnd = new Random(seed);
        List<BookUpdate> messages = messages(rnd, 1500);
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Map<String, Object> params = new HashMap<>();
        params.put("depth", fullBook ? -1 : snapshotDepth);
        params.put("sampling", bucketMs == 0 ? "raw" : bucketMs + "ms");
        Feature snapshot = Features.feature("l2_book.l2_snapshot_fd", params, book);
        int depth = fullBook ? ofiDepth : Math.min(ofiDepth, snapshotDepth);
        List<Feature> flows = List.of(
                Features.feature("flow.multi_level_ofi", Map.of("window", "30ms", "depth", depth), snapshot),
                Features.feature("flow.ofi", Map.of("window", "30ms"), snapshot));
        List<Feature> all = new ArrayList<>(flows);
        all.add(snapshot);

        Run whole = new Run(all);
        for (int i = 0; i < messages.size(); i++) {
            whole.play(book, messages.get(i), i);
        }
        List<Event> snapshots = whole.outputs.get(snapshot);
        assertTrue(snapshots.size() > 100, "snapshots emitted: " + snapshots.size());
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

    /**
     * Book messages on a grid of 0.5 (bids below 100, asks from 100, so never crossed): a whole-book snapshot first and
     * now and then; otherwise one to three edits, each inserting, deleting or resizing a level at a rank drawn near the
     * top, on either side; time steps of 0 to 4 ms.
     */
    static List<BookUpdate> messages(Random rnd, int n) {
        TreeMap<Double, Double> bids = new TreeMap<>();
        TreeMap<Double, Double> asks = new TreeMap<>();
        List<BookUpdate> out = new ArrayList<>();
        long ts = BASE;
        for (int i = 0; i < n; i++) {
            ts += rnd.nextInt(5) * MS;
            if (i == 0 || rnd.nextInt(40) == 0) {
                bids.clear();
                asks.clear();
                for (int k = 0; k < rnd.nextInt(12); k++) {
                    bids.put(99.5 - 0.5 * rnd.nextInt(20), size(rnd));
                    asks.put(100 + 0.5 * rnd.nextInt(20), size(rnd));
                }
                BookUpdate u = new BookUpdate().reset(ts, ts, true);
                bids.descendingMap().forEach(u::addBid);
                asks.forEach(u::addAsk);
                out.add(u);
                continue;
            }
            BookUpdate u = new BookUpdate().reset(ts, ts, false);
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                boolean bid = rnd.nextBoolean();
                TreeMap<Double, Double> side = bid ? bids : asks;
                List<Double> prices = new ArrayList<>(bid ? side.descendingKeySet() : side.keySet());
                int rank = Math.min((int) (-Math.log(1 - rnd.nextDouble()) / 0.4), 25);
                double price;
                double size;
                int what = rnd.nextInt(3);
                if (what == 0 && rank < prices.size()) { // delete
                    price = prices.get(rank);
                    size = 0;
                } else if (what == 1 && rank < prices.size()) { // resize
                    price = prices.get(rank);
                    size = size(rnd);
                } else { // insert (or resize, when the price is there)
                    price = bid ? 99.5 - 0.5 * rank - 0.5 * rnd.nextInt(2) : 100 + 0.5 * rank + 0.5 * rnd.nextInt(2);
                    size = size(rnd);
                }
                if (size == 0) {
                    side.remove(price);
                } else {
                    side.put(price, size);
                }
                if (bid) {
                    u.addBid(price, size);
                } else {
                    u.addAsk(price, size);
                }
            }
            out.add(u);
        }
        return out;
    }

    private static double size(Random rnd) {
        return (1 + rnd.nextInt(80)) / 8.0;
    }
}

package io.featurizer.core.testing;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.stream.Aggregator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The laws every windowed aggregator keeps (one check for every built-in's tests): the elements
 * split at random points, each part aggregated alone and the parts merged in order, finish with exactly the values
 * of one aggregation in order; where invertible, removing the oldest elements equals aggregating what is left.
 */
public final class AggregatorLaws {
    private AggregatorLaws() {
    }

    /** The laws over {@code n} random input events (then the random split points and drops), from {@code seed}. */
    public static <A> void check(String name, Aggregator<A> agg, Schema schema, Function<SplittableRandom, Event> input, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(input.apply(r));
        }
        check(name, agg, schema, events, r);
    }

    /** The laws over the given input events (those the aggregator extracts an element from). */
    public static <A> void check(String name, Aggregator<A> agg, Schema schema, List<? extends Event> events, SplittableRandom r) {
        int w = agg.width();
        double[] rows = new double[Math.max(1, events.size()) * w];
        int elements = 0;
        for (Event e : events) {
            if (agg.extract(e, rows, elements * w)) {
                elements++;
            }
        }
        checkRows(name, agg, schema, rows, elements, r);
    }

    /** The laws over elements already extracted: {@code elements} rows of {@code agg.width()} values. */
    public static <A> void checkRows(String name, Aggregator<A> agg, Schema schema, double[] rows, int elements, SplittableRandom r) {
        int w = agg.width();
        A all = agg.create();
        for (int i = 0; i < elements; i++) {
            agg.update(all, rows, i * w);
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        int parts = r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            cuts.add(r.nextInt(elements + 1)); // empty and one-element parts too
        }
        cuts.add(elements);
        A merged = agg.create();
        int from = 0;
        for (int cut : cuts) {
            A part = agg.create();
            for (int i = from; i < cut; i++) {
                agg.update(part, rows, i * w);
            }
            agg.merge(merged, part);
            from = cut;
        }
        assertSameResult(name, agg, schema, all, merged, "merged at " + cuts);
        if (agg.invertible() && elements > 0) {
            int drop = r.nextInt(elements + 1);
            A rest = agg.create();
            for (int i = drop; i < elements; i++) {
                agg.update(rest, rows, i * w);
            }
            for (int i = 0; i < drop; i++) {
                agg.remove(all, rows, i * w);
            }
            assertSameResult(name, agg, schema, rest, all, "after removing the oldest " + drop);
        }
    }

    private static <A> void assertSameResult(String name, Aggregator<A> agg, Schema schema, A expected, A actual, String what) {
        FeatureEvent e = new FeatureEvent(schema);
        FeatureEvent a = new FeatureEvent(schema);
        boolean emitsE = agg.finish(expected, e);
        boolean emitsA = agg.finish(actual, a);
        assertEquals(emitsE, emitsA, name + " " + what + ": emits");
        if (emitsE) {
            assertTrue(e.sameValues(a), name + " " + what + ": " + e + " vs " + a);
        }
    }
}

package io.featurizer.core.testing;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.stream.Aggregator;

import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The laws every windowed aggregator keeps (as AggregatorMergeTest checks for the original built-ins): the elements
 * split at random points, each part aggregated alone and the parts merged in order, finish with exactly the values
 * of one aggregation in order; where invertible, removing the oldest elements equals aggregating what is left.
 */
public final class AggregatorLaws {
    private AggregatorLaws() {
    }

    public static <A> void check(String name, Aggregator<A> agg, Schema schema, Function<SplittableRandom, Event> input, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = agg.width();
        double[] rows = new double[Math.max(1, n) * w];
        int elements = 0;
        for (int i = 0; i < n; i++) {
            if (agg.extract(input.apply(r), rows, elements * w)) {
                elements++;
            }
        }
        A all = agg.create();
        for (int i = 0; i < elements; i++) {
            agg.update(all, rows, i * w);
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        int parts = r.nextInt(5);
        for (int i = 0; i < parts; i++) {
            cuts.add(r.nextInt(elements + 1)); // empty parts too
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

package io.featurizer.core.definitions.book;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.stream.Aggregator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order-flow aggregators, as AggregatorMergeTest does for the others: random elements split at random points,
 * the parts aggregated alone and merged in order, give exactly one aggregation in order; removing the oldest
 * elements one by one gives the aggregation of the rest.
 */
class FlowAggregatorMergeTest {

    @Property(tries = 300)
    void ofiMergedPartsEqualOneAggregation(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll long seed) {
        check(new OfiFD.LastAndSum(), OfiFD.SCHEMA, n, seed);
    }

    @Property(tries = 300)
    void multiLevelMergedPartsEqualOneAggregation(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll @IntRange(min = 1, max = 6) int levels,
                                                  @ForAll long seed) {
        check(new MultiLevelOfiFD.LevelSums(levels), new MultiLevelOfiFD().schema(io.featurizer.core.feature.Params.of("depth", levels)), n, seed);
    }

    private static <A> void check(Aggregator<A> agg, Schema schema, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = agg.width();
        double[] rows = new double[Math.max(1, n) * w];
        for (int i = 0; i < n * w; i++) {
            // flows: signed sizes, often 0, with fractions that do not add exactly in doubles
            rows[i] = r.nextInt(4) == 0 ? 0 : (r.nextDouble() - 0.5) * (1 + r.nextInt(1000));
        }
        A all = agg.create();
        for (int i = 0; i < n; i++) {
            agg.update(all, rows, i * w);
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        int parts = r.nextInt(5);
        for (int i = 0; i < parts; i++) {
            cuts.add(r.nextInt(n + 1));
        }
        cuts.add(n);
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
        assertSame(agg, schema, all, merged, "merged at " + cuts);
        if (n > 0) {
            int drop = r.nextInt(n); // a sliding window keeps at least the newest element
            A rest = agg.create();
            for (int i = drop; i < n; i++) {
                agg.update(rest, rows, i * w);
            }
            for (int i = 0; i < drop; i++) {
                agg.remove(all, rows, i * w);
            }
            assertSame(agg, schema, rest, all, "after removing the oldest " + drop);
        }
    }

    private static <A> void assertSame(Aggregator<A> agg, Schema schema, A expected, A actual, String what) {
        FeatureEvent e = new FeatureEvent(schema);
        FeatureEvent a = new FeatureEvent(schema);
        boolean emitsE = agg.finish(expected, e);
        assertEquals(emitsE, agg.finish(actual, a), what + ": emits");
        if (emitsE) {
            assertTrue(e.sameValues(a), what + ": " + e + " vs " + a);
        }
    }
}

package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Schema;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.testing.AggregatorLaws;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;


/**
 * The order-flow aggregators, as AggregatorMergeTest does for the others: random elements split at random points,
 * the parts aggregated alone and merged in order, give exactly one aggregation in order; removing the oldest
 * elements one by one gives the aggregation of the rest.
 */
class FlowAggregatorMergeTest {

    /** Depth 1 is also the top-of-book OFI's window ({@code flow.ofi}). */
    @Property(tries = 300)
    void multiLevelMergedPartsEqualOneAggregation(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll @IntRange(min = 1, max = 6) int levels,
                                                  @ForAll long seed) {
        check(new MultiLevelOfiFD.LevelSums(levels), new MultiLevelOfiFD().schema(io.featurizer.core.feature.Params.of("depth", levels)), n, seed);
    }

    private static void check(Aggregator<?> agg, Schema schema, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] rows = new double[Math.max(1, n) * agg.width()];
        for (int i = 0; i < n * agg.width(); i++) {
            // flows: signed sizes, often 0, with fractions that do not add exactly in doubles
            rows[i] = r.nextInt(4) == 0 ? 0 : (r.nextDouble() - 0.5) * (1 + r.nextInt(1000));
        }
        AggregatorLaws.checkRows(agg.getClass().getSimpleName(), agg, schema, rows, n, r);
    }
}

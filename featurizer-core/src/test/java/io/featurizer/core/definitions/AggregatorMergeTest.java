package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.testing.AggregatorLaws;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.SplittableRandom;


/**
 * Every built-in windowed aggregator: the elements split at random points into parts, each part aggregated on its
 * own and the parts merged in order, finish with exactly the values of one aggregation of all elements in order
 * (what lets chunks and splits combine, and a sliding window over a non-invertible aggregate use two stacks). Where
 * the aggregator is invertible, removing the oldest elements one by one equals aggregating what is left.
 */
class AggregatorMergeTest {
    /** Each built-in aggregator with its output schema and a random input event. */
    record Case(String name, Aggregator<?> aggregator, Schema schema, java.util.function.Function<SplittableRandom, Event> input) {
    }

    static List<Case> cases() {
        Schema mid = MidPriceFD.SCHEMA;
        return List.of(
                new Case("volatility", new VolatilityStddevFD.StdDev(mid.doubleField("mid_price")), VolatilityStddevFD.SCHEMA, r -> {
                    FeatureEvent e = new FeatureEvent(mid);
                    e.set(0, 20_000 + r.nextInt(100_000) / 100.0 + r.nextDouble() * 1e-3);
                    return e;
                }),
                new Case("tvi", new TradeVolumeImbFD.Imbalance(), TradeVolumeImbFD.SCHEMA, AggregatorMergeTest::trade),
                new Case("diff", new Diff.FirstLast(mid.doubleField("mid_price")), Diff.SCHEMA, r -> {
                    FeatureEvent e = new FeatureEvent(mid);
                    e.set(0, r.nextInt(10) == 0 ? 0 : 100 + r.nextDouble());
                    return e;
                }),
                new Case("ohlcv", new io.featurizer.core.definitions.bars.BarAggregator(), OhlcvFD.SCHEMA, AggregatorMergeTest::trade));
    }

    static Event trade(SplittableRandom r) {
        return new Trade().set(1, 2, r.nextBoolean() ? 1 : -1, 100 + r.nextInt(1000) / 10.0 + r.nextDouble() * 1e-6,
                r.nextDouble() * 3, 1);
    }

    @Property(tries = 400)
    void mergedPartsEqualOneAggregation(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll @IntRange(min = 0, max = 60) int n,
                                        @ForAll long seed) {
        Case c = cases().get(which);
        AggregatorLaws.check(c.name(), c.aggregator(), c.schema(), c.input(), n, seed);
    }
}

package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.testing.AggregatorLaws;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

/** Merge of random splits equals one aggregation, and removal equals re-aggregation, for the aggregators of this package. */
class BarAggregatorLawsTest {
    private static final RangeVolatilityFD.Ohlc OHLC = RangeVolatilityFD.Ohlc.of(BarSchema.BARS);

    @Property(tries = 300)
    void barAggregator(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll long seed) {
        AggregatorLaws.check("bar", new BarAggregator(), BarSchema.BARS,
                r -> new Trade().set(1, 2, r.nextBoolean() ? Side.BUY : Side.SELL, 100 + r.nextInt(1000) / 10.0 + r.nextDouble() * 1e-6,
                        r.nextInt(5) == 0 ? 0 : r.nextDouble() * 3, 1), n, seed);
    }

    private static FeatureEvent randomBar(SplittableRandom r) {
        return BarInputs.randomBars(r, 1).get(0);
    }

    @Property(tries = 300)
    void parkinsonAndGarmanKlassTerms(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll @IntRange(min = 1, max = 30) int bars, @ForAll long seed) {
        AggregatorLaws.check("parkinson", new ParkinsonFD.Terms(OHLC, bars), RangeVolatilityFD.SCHEMA, BarAggregatorLawsTest::randomBar, n, seed);
        AggregatorLaws.check("garman_klass", new GarmanKlassFD.Terms(OHLC, bars), RangeVolatilityFD.SCHEMA, BarAggregatorLawsTest::randomBar, n, seed);
    }

    @Property(tries = 300)
    void yangZhangSums(@ForAll @IntRange(min = 0, max = 60) int n, @ForAll @IntRange(min = 2, max = 30) int bars, @ForAll long seed) {
        AggregatorLaws.check("yang_zhang", new YangZhangFD.Sums(bars), RangeVolatilityFD.SCHEMA, r -> {
            FeatureEvent e = new FeatureEvent(YangZhangFD.TERMS);
            e.set(0, (r.nextDouble() - 0.5) * 0.01);
            e.set(1, (r.nextDouble() - 0.5) * 0.02);
            e.set(2, r.nextDouble() * 1e-4);
            return e;
        }, n, seed);
    }
}

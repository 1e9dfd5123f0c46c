package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Schema;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.testing.AggregatorLaws;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.SplittableRandom;


/**
 * The flow aggregators (the trade windows; the Roll spread is a hand-written operator), as AggregatorMergeTest checks the others: elements split at random points, each part
 * aggregated alone and the parts merged in order, finish with the bits of one aggregation in order; where invertible,
 * removing the oldest elements equals aggregating the rest.
 */
class FlowAggregatorMergeTest {
    record Case(String name, Aggregator<?> aggregator, Schema schema) {
    }

    static final List<Case> CASES = List.of(
            new Case("signed_volume", new SignedVolumeFD.Signed(), SignedVolumeFD.SCHEMA),
            new Case("trade_count", new TradeCountFD.Count(), TradeCountFD.SCHEMA),
            new Case("arrival_rate", new ArrivalRateFD.Rate(7_000_000_000L), ArrivalRateFD.SCHEMA),
            new Case("trade_count_imbalance", new TradeCountImbalanceFD.CountImbalance(), TradeCountImbalanceFD.SCHEMA),
            new Case("vwap", new VwapFD.Vwap(), VwapFD.SCHEMA));

    @Property(tries = 600)
    void mergedPartsEqualOneAggregation(@ForAll @IntRange(min = 0, max = 4) int which, @ForAll @IntRange(min = 0, max = 60) int n,
                                        @ForAll long seed) {
        Case c = CASES.get(which);
        SplittableRandom r = new SplittableRandom(seed);
        AggregatorLaws.check(c.name(), c.aggregator(), c.schema(), FlowEvents.randomTrades(r, n, 1_000_000_000L), r);
    }
}

package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.stream.Aggregator;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        check(CASES.get(which), n, seed);
    }

    private static <A> void check(Case c, int n, long seed) {
        @SuppressWarnings("unchecked")
        Aggregator<A> agg = (Aggregator<A>) c.aggregator();
        SplittableRandom r = new SplittableRandom(seed);
        List<? extends Event> trades = FlowEvents.randomTrades(r, n, 1_000_000_000L);
        int w = agg.width();
        double[] rows = new double[Math.max(1, n) * w];
        int elements = 0;
        for (Event t : trades) {
            if (agg.extract(t, rows, elements * w)) {
                elements++;
            }
        }
        A all = agg.create();
        for (int i = 0; i < elements; i++) {
            agg.update(all, rows, i * w);
        }
        TreeSet<Integer> cuts = new TreeSet<>();
        int parts = r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            cuts.add(r.nextInt(elements + 1)); // empty parts and one-element parts too
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
        assertSameResult(c, agg, all, merged, "merged at " + cuts);
        if (agg.invertible() && elements > 0) {
            int drop = r.nextInt(elements + 1);
            A rest = agg.create();
            for (int i = drop; i < elements; i++) {
                agg.update(rest, rows, i * w);
            }
            for (int i = 0; i < drop; i++) {
                agg.remove(all, rows, i * w);
            }
            assertSameResult(c, agg, rest, all, "after removing the oldest " + drop);
        }
    }

    private static <A> void assertSameResult(Case c, Aggregator<A> agg, A expected, A actual, String what) {
        FeatureEvent e = new FeatureEvent(c.schema());
        FeatureEvent a = new FeatureEvent(c.schema());
        boolean emitsE = agg.finish(expected, e);
        boolean emitsA = agg.finish(actual, a);
        assertEquals(emitsE, emitsA, c.name() + " " + what + ": emits");
        if (emitsE) {
            assertTrue(e.sameValues(a), c.name() + " " + what + ": " + e + " vs " + a);
        }
    }
}

package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.flow.FlowEvents.BASE;
import static io.featurizer.core.definitions.flow.FlowEvents.SEC;
import static io.featurizer.core.definitions.flow.FlowEvents.buy;
import static io.featurizer.core.definitions.flow.FlowEvents.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VpinFDTest {
    static Feature vpin(Object bucketVolume, int buckets) {
        return Features.feature("flow.vpin", Map.of("bucket_volume", bucketVolume, "buckets", buckets), FlowEvents.trades());
    }

    static List<Double> values(List<Event> out, Trade t) {
        List<Double> v = new ArrayList<>();
        for (Event e : out) {
            assertEquals(t.ts(), e.ts(), "timed at the trade that completed the bucket");
            assertEquals(t.receiptTs(), e.receiptTs());
            v.add(e.getDouble(0));
        }
        return v;
    }

    @Test
    void handComputedBucketsWithSplitTrades() {
        FeatureTestHarness h = FeatureTestHarness.of(vpin(2, 2));
        Trade t1 = buy(BASE, 100, 1);
        assertEquals(List.of(), values(h.push(0, t1), t1), "bucket 1 half full");
        // sell 3: 1 fills bucket 1 (buy 1, sell 1: |0|), 2 fill bucket 2 (sell 2: |2|): two buckets, (0 + 2) / (2·2)
        Trade t2 = sell(BASE + SEC, 100, 3);
        assertEquals(List.of(0.5), values(h.push(0, t2), t2));
        Trade zero = buy(BASE + 2 * SEC, 100, 0);
        assertEquals(List.of(), values(h.push(0, zero), zero), "zero volume fills nothing");
        // buy 5: buckets 3 and 4 (buy 2 each: |2|), then 1 into bucket 5; each completed bucket emits: (2 + 2) / 4 twice
        Trade t3 = buy(BASE + 3 * SEC, 100, 5);
        assertEquals(List.of(1.0, 1.0), values(h.push(0, t3), t3));
        // sell 1 completes bucket 5 (buy 1, sell 1: 0): buckets 4 and 5: (2 + 0) / 4
        Trade t4 = sell(BASE + 4 * SEC, 100, 1);
        assertEquals(List.of(0.5), values(h.push(0, t4), t4));
    }

    @Test
    void fractionalVolumesAndOneBucketWindow() {
        FeatureTestHarness h = FeatureTestHarness.of(vpin(0.75, 1));
        h.push(0, buy(BASE, 100, 0.25));
        Trade t = sell(BASE, 100, 0.625); // same time: 0.5 fills the bucket (buy 0.25, sell 0.5), 0.125 carries over
        assertEquals(List.of(0.25 / 0.75), values(h.push(0, t), t));
        Trade u = sell(BASE + 1, 100, 0.625); // bucket of sell 0.75
        assertEquals(List.of(1.0), values(h.push(0, u), u));
    }

    @Test
    void theLookbackIsTheWholeHistory() {
        assertEquals(FeatureDefinition.WHOLE_HISTORY, ((FeatureDefinition) vpin(1, 5).definition()).lookbackNanos(vpin(1, 5).params()));
    }

    @Test
    void badParamsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Features.feature("flow.vpin", Map.of("buckets", 5), FlowEvents.trades()));
        assertTrue(e.getMessage().contains("bucket_volume"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vpin(-1, 5));
        assertTrue(e.getMessage().contains("bucket_volume"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vpin(1, 0));
        assertTrue(e.getMessage().contains("buckets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Features.feature("flow.vpin", Map.of("bucket_volum", 1), FlowEvents.trades()));
        assertTrue(e.getMessage().contains("bucket_volume"), e.getMessage());
    }

    /**
     * Every output from unit volumes: trade amounts are whole, so the stream is a sequence of unit volumes with sides;
     * bucket k is units [kV, (k+1)V) and is completed by the trade holding its last unit.
     */
    @Property(tries = 300)
    void everyBucketEqualsARecomputationFromUnits(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int v = 1 + r.nextInt(7);
        int n = 1 + r.nextInt(5);
        List<Trade> trades = new ArrayList<>();
        List<Integer> unitSide = new ArrayList<>();
        List<Integer> unitTrade = new ArrayList<>();
        long ts = BASE;
        for (int i = 0, count = r.nextInt(120); i < count; i++) {
            ts += r.nextInt(3) == 0 ? 0 : r.nextInt(1000);
            int amount = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 3 : 20);
            boolean isBuy = r.nextBoolean();
            trades.add(isBuy ? buy(ts, 100, amount) : sell(ts, 100, amount));
            for (int u = 0; u < amount; u++) {
                unitSide.add(isBuy ? 1 : -1);
                unitTrade.add(i);
            }
        }
        List<Integer> expectedTrade = new ArrayList<>();
        List<Double> expected = new ArrayList<>();
        List<Integer> imbalance = new ArrayList<>();
        for (int k = 0; (k + 1) * v <= unitSide.size(); k++) {
            int signed = 0;
            for (int u = k * v; u < (k + 1) * v; u++) {
                signed += unitSide.get(u);
            }
            imbalance.add(Math.abs(signed));
            if (k >= n - 1) {
                int total = 0;
                for (int j = k - n + 1; j <= k; j++) {
                    total += imbalance.get(j);
                }
                expected.add(total / (double) (n * v));
                expectedTrade.add(unitTrade.get((k + 1) * v - 1));
            }
        }
        FeatureTestHarness h = FeatureTestHarness.of(vpin(v, n));
        List<Double> actual = new ArrayList<>();
        List<Integer> actualTrade = new ArrayList<>();
        for (int i = 0; i < trades.size(); i++) {
            for (Event e : h.push(0, trades.get(i))) {
                actual.add(e.getDouble(0));
                actualTrade.add(i);
            }
        }
        assertEquals(expectedTrade, actualTrade, "the trades that complete buckets");
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-15, "bucket output " + i);
        }
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<Trade> in = FlowEvents.randomTrades(new SplittableRandom(9), 2000, 300 * FlowEvents.MS);
        for (int split : new int[] {1, 700, 1900}) {
            FeatureTestHarness a = FeatureTestHarness.of(vpin(3, 7));
            a.pushAll(in.subList(0, split));
            FeatureTestHarness b = a.restoredCopy();
            List<Event> expected = a.pushAll(in.subList(split, in.size()));
            assertTrue(split > 1000 || expected.size() > 50);
            assertEquals(expected, b.pushAll(in.subList(split, in.size())));
        }
    }
}

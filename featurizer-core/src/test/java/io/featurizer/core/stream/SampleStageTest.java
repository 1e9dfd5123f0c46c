package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.featurizer.core.stream.ToolkitFixtures.assertRestoreAnywhere;
import static io.featurizer.core.stream.ToolkitFixtures.onInput0;
import static io.featurizer.core.stream.ToolkitFixtures.overTrades;
import static io.featurizer.core.stream.ToolkitFixtures.randomTrades;
import static io.featurizer.core.stream.ToolkitFixtures.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sample: the last event of each epoch-aligned bucket, emitted when an event of a later bucket arrives. */
class SampleStageTest {
    static Feature sampled(long bucketNanos) {
        return overTrades("sample_" + bucketNanos, Trade.SCHEMA, p -> p.input(0).sample(bucketNanos));
    }

    @Test
    void handMadeBuckets() {
        FeatureTestHarness h = FeatureTestHarness.of(sampled(1_000));
        Trade a = trade(100, Side.BUY, 1, 1, 1);
        Trade b = trade(500, Side.BUY, 2, 1, 2);
        Trade c = trade(999, Side.SELL, 3, 1, 3);   // last of bucket 0
        Trade d = trade(1_000, Side.BUY, 4, 1, 4);  // bucket 1 starts exactly at 1000
        Trade e = trade(1_500, Side.BUY, 5, 1, 5);  // last of bucket 1
        Trade f = trade(3_200, Side.BUY, 6, 1, 6);  // bucket 3 (bucket 2 empty)
        Trade g = trade(3_999, Side.BUY, 7, 1, 7);  // last of bucket 3
        Trade k = trade(4_000, Side.BUY, 8, 1, 8);
        assertEquals(List.of(), h.push(0, a));
        assertEquals(List.of(), h.push(0, b));
        assertEquals(List.of(), h.push(0, c));
        assertEquals(List.<Event>of(c), h.push(0, d)); // the held event itself: its own ts and values
        assertEquals(List.of(), h.push(0, e));
        assertEquals(List.<Event>of(e), h.push(0, f)); // nothing for the empty bucket 2
        assertEquals(List.of(), h.push(0, g));
        assertEquals(List.<Event>of(g), h.push(0, k));
        assertEquals(List.of(c, e, g), h.outputs());   // bucket 4 is still open
    }

    @Test
    void bucketsAreAlignedToTheEpochAlsoBeforeIt() {
        FeatureTestHarness h = FeatureTestHarness.of(sampled(1_000));
        Trade a = trade(-1_500, Side.BUY, 1, 1, 1);  // bucket -2
        Trade b = trade(-1_001, Side.BUY, 2, 1, 2);  // bucket -2
        Trade c = trade(-1_000, Side.BUY, 3, 1, 3);  // bucket -1
        Trade d = trade(-1, Side.BUY, 4, 1, 4);      // bucket -1
        Trade e = trade(0, Side.BUY, 5, 1, 5);       // bucket 0
        h.push(0, a);
        h.push(0, b);
        assertEquals(List.<Event>of(b), h.push(0, c));
        assertEquals(List.of(), h.push(0, d));
        assertEquals(List.<Event>of(d), h.push(0, e));
    }

    @Test
    void oneSecondBucketsOnRealTimestamps() {
        long second = 1_000_000_000L;
        long start = 1_675_245_600_000_000_000L + 123_456_789L; // not on a bucket boundary
        List<Trade> trades = randomTrades(9, 5_000, start, new long[] {0, 1, 10_000_000, 150_000_000, 999_999_999, 2_500_000_000L});
        List<Event> out = FeatureTestHarness.of(sampled(second)).pushAll(trades);
        // reference: event i-1 is emitted when event i opens a later bucket
        List<Event> expected = new ArrayList<>();
        for (int i = 1; i < trades.size(); i++) {
            if (Math.floorDiv(trades.get(i).ts(), second) > Math.floorDiv(trades.get(i - 1).ts(), second)) {
                expected.add(trades.get(i - 1));
            }
        }
        assertTrue(expected.size() > 500);
        assertEquals(expected, out);
    }

    @Test
    void sampleAfterAMapThatKeepsTheTradesSchema() {
        // a map may emit FeatureEvents of a market schema (here: trades with the amount doubled)
        Feature f = overTrades("sample_mapped_trades", Trade.SCHEMA, p -> p.input(0).map(Trade.SCHEMA, (in, out) -> out
                .setLong(Trade.SIDE, in.getLong(Trade.SIDE))
                .set(Trade.PRICE, in.getDouble(Trade.PRICE))
                .set(Trade.AMOUNT, 2 * in.getDouble(Trade.AMOUNT))
                .setLong(Trade.ID, in.getLong(Trade.ID))).sample(1_000));
        FeatureTestHarness h = FeatureTestHarness.of(f);
        h.push(0, trade(100, Side.BUY, 10, 1, 1));
        h.push(0, trade(900, Side.SELL, 11, 1.5, 2));
        List<Event> out = h.push(0, trade(1_100, Side.BUY, 12, 1, 3));
        assertEquals(1, out.size());
        assertEquals(900, out.get(0).ts());
        assertEquals(3.0, out.get(0).getDouble(Trade.AMOUNT));
        assertEquals(2, out.get(0).getLong(Trade.ID));
    }

    @Test
    void restoredCopyContinuesExactly() {
        List<Trade> trades = randomTrades(10, 1_000, 0, new long[] {0, 1, 300, 999, 1_000, 2_500});
        assertRestoreAnywhere(sampled(1_000), onInput0(trades), 0, 1, 2, 10, 333, 999);
    }
}

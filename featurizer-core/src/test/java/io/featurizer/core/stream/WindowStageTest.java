package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
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

/**
 * window: a custom aggregator (count and sums, plus a read of the whole window view) compared with a
 * naive recomputation over a list using the rule "the event at t holds inputs with t - w <= ts <= t".
 */
class WindowStageTest {
    static final Schema AGG = Schema.builder("window_agg")
            .addLong("count").addDouble("sum_amount").addDouble("sum_signed")
            .addLong("first_ts").addLong("last_ts").addDouble("view_sum_amount").build();

    /** Count, sum(amount), sum(side*amount); skips trades whose id is a multiple of 5 (extract returns false). */
    static final class CountSum implements WindowAggregator {
        private final FixedPointSum amount = new FixedPointSum();
        private final FixedPointSum signed = new FixedPointSum();
        private long count;

        @Override
        public int width() {
            return 2;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            if (event.getLong(Trade.ID) % 5 == 0) {
                return false;
            }
            double a = event.getDouble(Trade.AMOUNT);
            row[off] = a;
            row[off + 1] = event.getLong(Trade.SIDE) * a;
            return true;
        }

        @Override
        public void add(double[] data, int off) {
            amount.add(data[off]);
            signed.add(data[off + 1]);
            count++;
        }

        @Override
        public void remove(double[] data, int off) {
            amount.remove(data[off]);
            signed.remove(data[off + 1]);
            count--;
        }

        @Override
        public void reset() {
            amount.reset();
            signed.reset();
            count = 0;
        }

        @Override
        public boolean result(Window w, FeatureEvent out) {
            double viewSum = 0;
            for (int i = 0; i < w.size(); i++) {
                viewSum += w.valueAt(i, 0);
            }
            out.setLong(0, count).set(1, amount.value()).set(2, signed.value())
                    .setLong(3, w.tsAt(0)).setLong(4, w.tsAt(w.size() - 1)).set(5, viewSum);
            return true;
        }
    }

    static Feature windowFeature(long windowNanos) {
        return overTrades("window_" + windowNanos, AGG, p -> p.input(0).window(windowNanos, AGG, new CountSum()));
    }

    /** The naive reference: recompute every output from the list of accepted inputs so far. */
    static List<double[]> naive(List<Trade> trades, long w) {
        List<Trade> accepted = new ArrayList<>();
        List<double[]> out = new ArrayList<>();
        for (Trade t : trades) {
            if (t.id() % 5 == 0) {
                continue;
            }
            accepted.add(t);
            long now = t.ts();
            long count = 0;
            double sum = 0;
            double signed = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (Trade x : accepted) {
                if (now - w <= x.ts() && x.ts() <= now) {
                    count++;
                    sum += x.amount();   // multiples of 2^-10: exact in any order
                    signed += x.side() * x.amount();
                    first = Math.min(first, x.ts());
                    last = Math.max(last, x.ts());
                }
            }
            out.add(new double[] {count, sum, signed, first, last, now, t.receiptTs()});
        }
        return out;
    }

    static void assertMatchesNaive(List<Trade> trades, long w, List<Event> out) {
        List<double[]> expected = naive(trades, w);
        assertEquals(expected.size(), out.size(), "one output per accepted input");
        for (int i = 0; i < out.size(); i++) {
            double[] x = expected.get(i);
            Event e = out.get(i);
            String at = "output " + i + " at ts " + e.ts();
            assertEquals((long) x[5], e.ts(), at);
            assertEquals((long) x[6], e.receiptTs(), at);
            assertEquals((long) x[0], e.getLong(0), at + " count");
            assertEquals(x[1], e.getDouble(1), at + " sum");
            assertEquals(x[2], e.getDouble(2), at + " signed sum");
            assertEquals((long) x[3], e.getLong(3), at + " oldest ts");
            assertEquals((long) x[4], e.getLong(4), at + " newest ts");
            assertEquals(x[1], e.getDouble(5), at + " sum over the window view");
        }
    }

    @Test
    void handMadeBoundaries() {
        long w = 1_000;
        FeatureTestHarness h = FeatureTestHarness.of(windowFeature(w));
        Event a = h.push(0, trade(10_000, Side.BUY, 100, 1, 1)).get(0);
        assertEquals(1, a.getLong(0));
        assertEquals(1.0, a.getDouble(1));
        Event b = h.push(0, trade(10_500, Side.SELL, 100, 2, 2)).get(0);
        assertEquals(2, b.getLong(0));
        assertEquals(3.0, b.getDouble(1));
        assertEquals(-1.0, b.getDouble(2));
        // exactly w after the first: t - w == ts of the first, still inside
        Event c = h.push(0, trade(11_000, Side.BUY, 100, 4, 3)).get(0);
        assertEquals(3, c.getLong(0));
        assertEquals(7.0, c.getDouble(1));
        assertEquals(10_000, c.getLong(3));
        // one ns later the first falls out
        Event d = h.push(0, trade(11_001, Side.BUY, 100, 8, 4)).get(0);
        assertEquals(3, d.getLong(0));
        assertEquals(14.0, d.getDouble(1));
        assertEquals(10_500, d.getLong(3));
        // id 5 is skipped by extract: no output, no eviction
        assertEquals(0, h.push(0, trade(50_000, Side.BUY, 100, 16, 5)).size());
        // a same-ts event joins the window
        Event f = h.push(0, trade(11_001, Side.SELL, 100, 0.5, 6)).get(0);
        assertEquals(4, f.getLong(0));
        assertEquals(14.5, f.getDouble(1));
        // far later: only itself
        Event g = h.push(0, trade(20_000, Side.SELL, 100, 0.25, 7)).get(0);
        assertEquals(1, g.getLong(0));
        assertEquals(0.25, g.getDouble(1));
        assertEquals(-0.25, g.getDouble(2));
        assertEquals(20_000, g.getLong(3));
    }

    @Test
    void randomTradesMatchNaiveRecomputation() {
        long w = 1_000;
        // gaps include ties (0), exactly w, w + 1 and small steps
        List<Trade> trades = randomTrades(7, 3_000, 1_000_000, new long[] {0, 0, 1, 17, 250, 999, 1_000, 1_001});
        List<Event> out = FeatureTestHarness.of(windowFeature(w)).pushAll(trades);
        assertMatchesNaive(trades, w, out);
    }

    /** Slow, then a burst far beyond 64 elements while the ring's head is not at 0, then slow, then many ties. */
    static List<Trade> growthScenario() {
        List<Trade> trades = new ArrayList<>();
        long ts = 0;
        int id = 1;
        for (int i = 0; i < 150; i++) {
            ts += 300_000;
            trades.add(trade(ts, i % 3 == 0 ? Side.SELL : Side.BUY, 100, (1 + i % 7) / 8.0, id++));
        }
        for (int i = 0; i < 700; i++) {
            ts += 1_000;
            trades.add(trade(ts, i % 2 == 0 ? Side.SELL : Side.BUY, 100, (1 + i % 13) / 16.0, id++));
        }
        for (int i = 0; i < 100; i++) {
            ts += 300_000;
            trades.add(trade(ts, Side.BUY, 100, 0.5, id++));
        }
        for (int i = 0; i < 300; i++) {
            trades.add(trade(ts, Side.SELL, 100, 0.125 * (1 + i % 3), id++)); // all at the same ts
        }
        ts += 5_000_000;
        trades.add(trade(ts, Side.BUY, 100, 1, id++));
        return trades;
    }

    @Test
    void ringGrowsBeyondSixtyFourElements() {
        long w = 1_000_000;
        List<Trade> trades = growthScenario();
        List<Event> out = FeatureTestHarness.of(windowFeature(w)).pushAll(trades);
        long maxCount = out.stream().mapToLong(e -> e.getLong(0)).max().orElse(0);
        assertTrue(maxCount > 300, "window should hold hundreds of elements, max " + maxCount);
        assertMatchesNaive(trades, w, out);
        assertEquals(1, out.get(out.size() - 1).getLong(0));
    }

    @Test
    void restoredCopyContinuesExactly() {
        long w = 1_000_000;
        List<Trade> trades = growthScenario();
        // cuts: empty, small window, inside the burst (ring > 64, wrapped), during ties, at the end
        assertRestoreAnywhere(windowFeature(w), onInput0(trades), 0, 1, 100, 149, 300, 600, 851, 1_000, 1_100, trades.size() - 1);

        List<Trade> random = randomTrades(8, 1_500, 0, new long[] {0, 1, 250, 999, 1_000, 1_001});
        assertRestoreAnywhere(windowFeature(1_000), onInput0(random), 7, 500, 1_234);
    }

    @Test
    void restoredCopyOfALargeWindowKeepsGrowing() {
        // restore with > 64 elements, then grow further: exercises the restored ring's capacity
        long w = 10_000_000;
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            trades.add(trade(1_000L * i, i % 2 == 0 ? Side.BUY : Side.SELL, 100, (1 + i % 5) / 4.0, i + 1));
        }
        assertRestoreAnywhere(windowFeature(w), onInput0(trades), 65, 66, 127, 128, 129, 500);
        assertMatchesNaive(trades, w, FeatureTestHarness.of(windowFeature(w)).pushAll(trades));
    }
}

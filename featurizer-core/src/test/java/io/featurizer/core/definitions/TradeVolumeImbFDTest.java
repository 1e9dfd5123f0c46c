package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.MS;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static io.featurizer.core.definitions.TestEvents.assertClose;
import static io.featurizer.core.definitions.TestEvents.buy;
import static io.featurizer.core.definitions.TestEvents.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TradeVolumeImbFDTest {

    private static Feature tvi(Map<String, ?> params) {
        return Features.feature("tvi.trade_volume_imb_fd", params, TestEvents.trades());
    }

    private static double single(List<Event> out, Trade in) {
        assertEquals(1, out.size(), "one output per trade: " + out);
        assertEquals(in.ts(), out.get(0).ts());
        assertEquals(in.receiptTs(), out.get(0).receiptTs());
        return out.get(0).getDouble(0);
    }

    private static double push(FeatureTestHarness h, Trade t) {
        return single(h.push(0, t), t);
    }

    @Test
    void handComputedImbalanceOverTheWindow() {
        FeatureTestHarness h = FeatureTestHarness.of(tvi(Map.of("window", "10s")));
        // buy notional 100: 2*(100-0)/100
        assertEquals(2.0, push(h, buy(BASE + SEC, 100, 1)), 1e-15);
        // buy 100, sell 50: 2*50/150
        assertEquals(2.0 / 3, push(h, sell(BASE + 2 * SEC, 50, 1)), 1e-15);
        // sell 10 x 5 = 50 more: buy 100, sell 100
        assertEquals(0.0, push(h, sell(BASE + 5 * SEC, 10, 5)), 1e-15);
        // exactly 10s after the first trade, which stays: buy 120, sell 100 -> 2*20/220
        assertEquals(40.0 / 220, push(h, buy(BASE + 11 * SEC, 20, 1)), 1e-15);
        // the first trade leaves: buy 20, sell 50+50+40 = 140 -> 2*(-120)/160
        assertEquals(-1.5, push(h, sell(BASE + 11 * SEC + 1, 40, 1)), 1e-15);
        // 30s: everything before 20s left, one buy: 2
        assertEquals(2.0, push(h, buy(BASE + 30 * SEC, 7, 3)), 1e-15);
        // 0.5 x 30000.5 sell against 21 buy: 2*(21 - 15000.25)/(15021.25)
        assertEquals(2 * (21 - 15_000.25) / 15_021.25, push(h, sell(BASE + 31 * SEC, 30_000.5, 0.5)), 1e-15);
    }

    @Test
    void defaultWindowIsOneMinuteAndZeroNotionalGivesZero() {
        FeatureTestHarness h = FeatureTestHarness.of(tvi(Map.of()));
        assertEquals(0.0, push(h, buy(BASE, 100, 0)), 0, "no notional at all");
        assertEquals(-2.0, push(h, sell(BASE + SEC, 100, 1)), 1e-15);
        assertEquals(0.0, push(h, buy(BASE + 61 * SEC, 50, 2)), 1e-15, "the sell, exactly 60s old, stays");
        assertEquals(2.0, push(h, buy(BASE + 61 * SEC + 1, 1, 1)), 1e-15, "60s+1ns old: the sell left");
    }

    @Test
    void samplingOneSecondEmitsTheLastValueOfEachBucket() {
        FeatureTestHarness h = FeatureTestHarness.of(tvi(Map.of("window", "10s", "sampling", "1s")));
        assertEquals(List.of(), h.push(0, buy(BASE + 200 * MS, 10, 1)));
        Trade second = sell(BASE + 700 * MS, 10, 1);
        assertEquals(List.of(), h.push(0, second));
        // the first trade of bucket 1 releases bucket 0's last value: buy 10, sell 10 -> 0, at 700ms
        Trade third = sell(BASE + 1100 * MS, 10, 2);
        List<Event> out = h.push(0, third);
        assertEquals(0.0, single(out, second), 1e-15);
        // a trade in bucket 3 releases bucket 1: buy 10, sell 30 -> 2*(-20)/40 = -1, at 1.1s
        out = h.push(0, buy(BASE + 3500 * MS, 30, 1));
        assertEquals(-1.0, single(out, third), 1e-15);
        // bucket 3's value (2*10/70) is held until bucket 4+
        Trade fifth = buy(BASE + 4 * SEC, 1, 1);
        out = h.push(0, fifth);
        assertEquals(1, out.size());
        assertEquals(BASE + 3500 * MS, out.get(0).ts());
        assertEquals(20.0 / 70, out.get(0).getDouble(0), 1e-15);
    }

    @Test
    void rejectsBadSampling() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tvi(Map.of("sampling", "hourly-ish")));
        assertTrue(e.getMessage().contains("sampling"), e.getMessage());
    }

    // ------------------------------------------------------------------ references

    /** Naive O(n) recomputation over the trades j <= i with ts_i - w <= ts_j. */
    static double naiveTvi(List<Trade> in, int i, long w) {
        double b = 0, s = 0;
        long t = in.get(i).ts();
        for (int j = 0; j <= i; j++) {
            Trade x = in.get(j);
            if (t - x.ts() <= w) {
                if (x.isBuy()) {
                    b += x.price() * x.amount();
                } else {
                    s += x.price() * x.amount();
                }
            }
        }
        return b + s == 0 ? 0 : 2 * (b - s) / (b + s);
    }

    @Test
    void randomTradesMatchANaiveRecomputation() {
        for (String window : new String[] {"1m", "5s"}) {
            long w = window.equals("1m") ? 60 * SEC : 5 * SEC;
            List<Trade> in = TestEvents.randomTrades(new Random(window.hashCode()), 4000, BASE + 5, 1500 * MS);
            FeatureTestHarness h = FeatureTestHarness.of(tvi(Map.of("window", window)));
            for (int i = 0; i < in.size(); i++) {
                assertClose(naiveTvi(in, i, w), push(h, in.get(i)), 1e-9, 1e-9, window + ", trade " + i);
            }
        }
    }

    @Test
    void randomTradesSampledMatchTheReference() {
        List<Trade> in = TestEvents.randomTrades(new Random(8), 3000, BASE + 5, 700 * MS);
        FeatureTestHarness h = FeatureTestHarness.of(tvi(Map.of("window", "30s", "sampling", "1s")));
        int heldIndex = -1;
        int emitted = 0;
        for (int i = 0; i < in.size(); i++) {
            List<Event> out = h.push(0, in.get(i));
            long bucket = Math.floorDiv(in.get(i).ts(), SEC);
            List<Integer> expectedFrom = new ArrayList<>();
            if (heldIndex >= 0 && bucket > Math.floorDiv(in.get(heldIndex).ts(), SEC)) {
                expectedFrom.add(heldIndex);
            }
            heldIndex = i;
            assertEquals(expectedFrom.size(), out.size(), "trade " + i);
            if (!expectedFrom.isEmpty()) {
                int k = expectedFrom.get(0);
                assertEquals(in.get(k).ts(), out.get(0).ts());
                assertEquals(in.get(k).receiptTs(), out.get(0).receiptTs());
                assertClose(naiveTvi(in, k, 30 * SEC), out.get(0).getDouble(0), 1e-9, 1e-9, "bucket ending before trade " + i);
                emitted++;
            }
        }
        assertTrue(emitted > 100, "emitted " + emitted);
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<Trade> in = TestEvents.randomTrades(new Random(21), 3000, BASE, 800 * MS);
        TestEvents.assertRestoreMatches(tvi(Map.of()), in);
        TestEvents.assertRestoreMatches(tvi(Map.of("window", "10s", "sampling", "1s")), in);
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.OhlcvFD.CLOSE;
import static io.featurizer.core.definitions.OhlcvFD.HIGH;
import static io.featurizer.core.definitions.OhlcvFD.LOW;
import static io.featurizer.core.definitions.OhlcvFD.NUM_TRADES;
import static io.featurizer.core.definitions.OhlcvFD.OPEN;
import static io.featurizer.core.definitions.OhlcvFD.VOLUME;
import static io.featurizer.core.definitions.OhlcvFD.VWAP;
import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.MS;
import static io.featurizer.core.definitions.TestEvents.RECEIPT_LAG;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static io.featurizer.core.definitions.TestEvents.assertClose;
import static io.featurizer.core.definitions.TestEvents.buy;
import static io.featurizer.core.definitions.TestEvents.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OhlcvFDTest {

    private static Feature ohlcv(Map<String, ?> params) {
        return Features.feature("ohlcv.ohlcv_fd", params, TestEvents.trades());
    }

    private static FeatureEvent bar(long ts, long receiptTs, double o, double h, double l, double c, double volume, double vwap, long n) {
        FeatureEvent e = new FeatureEvent(OhlcvFD.SCHEMA);
        e.setTimes(ts, receiptTs);
        OPEN.set(e, o);
        HIGH.set(e, h);
        LOW.set(e, l);
        CLOSE.set(e, c);
        VOLUME.set(e, volume);
        VWAP.set(e, vwap);
        NUM_TRADES.set(e, n);
        return e;
    }

    @Test
    void handComputedOneMinuteBars() {
        FeatureTestHarness h = FeatureTestHarness.of(ohlcv(Map.of()));
        long m = 60 * SEC;
        assertEquals(List.of(), h.push(0, buy(BASE + SEC, 100, 1)));
        assertEquals(List.of(), h.push(0, sell(BASE + 10 * SEC, 105, 2)));
        assertEquals(List.of(), h.push(0, buy(BASE + 30 * SEC, 95, 1)));
        assertEquals(List.of(), h.push(0, sell(BASE + m - 1, 102, 4)));
        // a trade exactly at the bucket boundary belongs to the next bar and closes this one:
        // volume 1+2+1+4 = 8, vwap (100 + 210 + 95 + 408) / 8 = 101.625
        assertEquals(List.of(bar(BASE + m, BASE + m + RECEIPT_LAG, 100, 105, 95, 102, 8, 101.625, 4)),
                h.push(0, buy(BASE + m, 110, 1)));
        // older than the bar being built: ignored, and it does not show up in the next bar
        assertEquals(List.of(), h.push(0, buy(BASE + 59 * SEC, 1, 1000)));
        assertEquals(List.of(), h.push(0, sell(BASE + 90 * SEC, 108, 0.5)));
        // bucket [120s, 180s) has no trades: no bar for it; the bar of [60s, 120s) has ts 120s
        assertEquals(List.of(bar(BASE + 2 * m, BASE + 200 * SEC + RECEIPT_LAG, 110, 110, 108, 108, 1.5, 164 / 1.5, 2)),
                h.push(0, buy(BASE + 200 * SEC, 120, 2)));
        assertEquals(List.of(bar(BASE + 4 * m, BASE + 250 * SEC + RECEIPT_LAG, 120, 120, 120, 120, 2, 120, 1)),
                h.push(0, sell(BASE + 250 * SEC, 121, 1)));
    }

    @Test
    void barLengthFromTheWindowParam() {
        FeatureTestHarness h = FeatureTestHarness.of(ohlcv(Map.of("window", "1s")));
        assertEquals(List.of(), h.push(0, buy(BASE + 100 * MS, 10, 1)));
        assertEquals(List.of(), h.push(0, buy(BASE + 900 * MS, 12, 3)));
        Trade closing = new Trade().set(BASE + 1500 * MS, BASE + 1600 * MS, 1, 11, 1, 9);
        // vwap (10 + 36) / 4 = 11.5
        assertEquals(List.of(bar(BASE + SEC, BASE + 1600 * MS, 10, 12, 10, 12, 4, 11.5, 2)), h.push(0, closing));
    }

    // ------------------------------------------------------------------ reference

    /** Naive bars: collects each bucket's trades in a list and summarises them when a later bucket's trade arrives. */
    record Bar(long ts, long receiptTs, double open, double high, double low, double close, double volume, double vwap, long n) {
    }

    static List<List<Bar>> referenceBars(List<Trade> in, long len) {
        List<List<Bar>> out = new ArrayList<>();
        List<Trade> current = new ArrayList<>();
        long bucket = Long.MIN_VALUE;
        for (Trade t : in) {
            List<Bar> step = new ArrayList<>();
            long b = Math.floorDiv(t.ts(), len);
            if (!current.isEmpty() && b < bucket) {
                out.add(step);
                continue;
            }
            if (!current.isEmpty() && b > bucket) {
                double o = current.get(0).price(), c = current.get(current.size() - 1).price();
                double hi = Double.NEGATIVE_INFINITY, lo = Double.POSITIVE_INFINITY, vol = 0, notional = 0;
                for (Trade x : current) {
                    hi = Math.max(hi, x.price());
                    lo = Math.min(lo, x.price());
                    vol += x.amount();
                    notional += x.price() * x.amount();
                }
                step.add(new Bar((bucket + 1) * len, t.receiptTs(), o, hi, lo, c, vol, notional / vol, current.size()));
                current.clear();
            }
            if (current.isEmpty()) {
                bucket = b;
            }
            current.add(t);
            out.add(step);
        }
        return out;
    }

    @Test
    void randomTradesMatchNaiveBars() {
        for (String window : new String[] {"1m", "1s", "10s"}) {
            long len = window.equals("1m") ? 60 * SEC : window.equals("1s") ? SEC : 10 * SEC;
            Random rnd = new Random(window.hashCode());
            List<Trade> in = TestEvents.randomTrades(rnd, 5000, BASE + 3, 3 * SEC);
            // a few late trades from earlier buckets
            for (int i = 100; i < in.size(); i += 97) {
                Trade t = in.get(i);
                long late = t.ts() - (long) (rnd.nextDouble() * 3 * len);
                in.set(i, new Trade().set(late, t.receiptTs(), t.side(), t.price(), t.amount(), t.id()));
            }
            FeatureTestHarness h = FeatureTestHarness.of(ohlcv(Map.of("window", window)));
            List<List<Bar>> expected = referenceBars(in, len);
            int bars = 0;
            for (int i = 0; i < in.size(); i++) {
                List<Event> out = h.push(0, in.get(i));
                assertEquals(expected.get(i).size(), out.size(), window + ", trade " + i);
                if (!out.isEmpty()) {
                    Bar e = expected.get(i).get(0);
                    Event a = out.get(0);
                    String msg = window + ", bar closed by trade " + i;
                    assertEquals(e.ts(), a.ts(), msg);
                    assertEquals(e.receiptTs(), a.receiptTs(), msg);
                    assertEquals(e.open(), OPEN.get(a), msg);
                    assertEquals(e.high(), HIGH.get(a), msg);
                    assertEquals(e.low(), LOW.get(a), msg);
                    assertEquals(e.close(), CLOSE.get(a), msg);
                    assertClose(e.volume(), VOLUME.get(a), 1e-12, 0, msg + " volume");
                    assertClose(e.vwap(), VWAP.get(a), 1e-12, 0, msg + " vwap");
                    assertEquals(e.n(), NUM_TRADES.get(a), msg);
                    bars++;
                }
            }
            assertTrue(bars > 20, window + ": " + bars + " bars");
        }
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<Trade> in = TestEvents.randomTrades(new Random(31), 3000, BASE, 2 * SEC);
        TestEvents.assertRestoreMatches(ohlcv(Map.of()), in);
        TestEvents.assertRestoreMatches(ohlcv(Map.of("window", "5s")), in);
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.MS;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static io.featurizer.core.definitions.TestEvents.assertClose;
import static io.featurizer.core.definitions.TestEvents.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VolatilityStddevFDTest {
    private static Feature vol(Map<String, ?> params) {
        return Features.feature("volatility.volatility_stddev_fd", params, TestEvents.midOverBook(5));
    }

    private static FeatureEvent mid(long ts, double v) {
        return scalar(MidPriceFD.SCHEMA, ts, v);
    }

    private static double single(List<Event> out, long ts) {
        assertEquals(1, out.size(), "one output per input: " + out);
        assertEquals(ts, out.get(0).ts());
        assertEquals(ts + TestEvents.RECEIPT_LAG, out.get(0).receiptTs());
        return out.get(0).getDouble(0);
    }

    @Test
    void handComputedPopulationStd() {
        FeatureTestHarness h = FeatureTestHarness.of(vol(Map.of()));
        long t = BASE;
        assertEquals(0.0, single(h.push(0, mid(t, 1)), t), 1e-15);
        assertEquals(0.5, single(h.push(0, mid(t + SEC, 2)), t + SEC), 1e-15);
        // {1,2,3}: variance (1+0+1)/3
        assertEquals(Math.sqrt(2.0 / 3), single(h.push(0, mid(t + 2 * SEC, 3)), t + 2 * SEC), 1e-15);
        // {1,2,3,4}: variance (2.25+0.25+0.25+2.25)/4 = 1.25
        assertEquals(Math.sqrt(1.25), single(h.push(0, mid(t + 3 * SEC, 4)), t + 3 * SEC), 1e-15);
    }

    @Test
    void constantPricesHaveZeroVolatility() {
        FeatureTestHarness h = FeatureTestHarness.of(vol(Map.of("window", "10s")));
        // a window of n equal prices has std 0; within the agreed tolerance (absolute 1e-9)
        for (int i = 0; i < 50; i++) {
            long t = BASE + i * 300 * MS;
            assertClose(0.0, single(h.push(0, mid(t, 30_000.37)), t), 0, 1e-9, "std of " + (i + 1) + " equal prices 30000.37");
        }
    }

    @Test
    void exactWindowEdge() {
        FeatureTestHarness h = FeatureTestHarness.of(vol(Map.of("window", "10s")));
        long t0 = BASE + 123;
        single(h.push(0, mid(t0, 1)), t0);
        // exactly w old: 1 stays, {1,3}
        assertEquals(1.0, single(h.push(0, mid(t0 + 10 * SEC, 3)), t0 + 10 * SEC), 1e-15);
        // w + 1ns old: 1 leaves, {3,7} (with 1 it would be sqrt(168/27))
        assertEquals(2.0, single(h.push(0, mid(t0 + 10 * SEC + 1, 7)), t0 + 10 * SEC + 1), 1e-15);
        // 20s later both are gone: {7, 9} would need 7 to be at most 10s old; only {9}
        assertEquals(0.0, single(h.push(0, mid(t0 + 30 * SEC + 2, 9)), t0 + 30 * SEC + 2), 1e-15);
    }

    @Test
    void defaultWindowIsOneMinute() {
        FeatureTestHarness h = FeatureTestHarness.of(vol(Map.of()));
        single(h.push(0, mid(BASE, 10)), BASE);
        assertEquals(5.0, single(h.push(0, mid(BASE + 60 * SEC, 20)), BASE + 60 * SEC), 1e-15);
        assertEquals(0.5, single(h.push(0, mid(BASE + 60 * SEC + 1, 21)), BASE + 60 * SEC + 1), 1e-15);
    }

    @Test
    void equalTimestampsAreAllInTheWindow() {
        FeatureTestHarness h = FeatureTestHarness.of(vol(Map.of("window", "1s")));
        single(h.push(0, mid(BASE, 2)), BASE);
        single(h.push(0, mid(BASE, 4)), BASE);
        assertEquals(Math.sqrt(8.0 / 3), single(h.push(0, mid(BASE, 6)), BASE), 1e-15);
    }

    // ------------------------------------------------------------------ references

    /** Values of the inputs j <= i with ts_i - w <= ts_j (the inputs are in time order). */
    private static List<Double> window(List<FeatureEvent> in, int i, long w) {
        List<Double> xs = new ArrayList<>();
        long t = in.get(i).ts();
        for (int j = i; j >= 0 && t - in.get(j).ts() <= w; j--) {
            xs.add(in.get(j).getDouble(0));
        }
        Collections.reverse(xs);
        return xs;
    }

    /**
     * Two-pass population std in plain doubles, with the usual correction term (Chan, Golub, LeVeque):
     * var = (Σd² − (Σd)²/n)/n with d = x − mean. For prices of similar size x − mean is exact (Sterbenz),
     * so the result is accurate to a few ulps even when the std is tiny next to the price.
     */
    static double twoPassStd(List<Double> xs) {
        int n = xs.size();
        double mean = 0;
        for (double x : xs) {
            mean += x;
        }
        mean /= n;
        double sd = 0, sd2 = 0;
        for (double x : xs) {
            double dx = x - mean;
            sd += dx;
            sd2 += dx * dx;
        }
        return Math.sqrt(Math.max(0, (sd2 - sd * sd / n) / n));
    }

    private static void compareWithReference(List<FeatureEvent> in, String window, long w) {
        FeatureTestHarness h = FeatureTestHarness.of(vol(Map.of("window", window)));
        for (int i = 0; i < in.size(); i++) {
            List<Event> out = h.push(0, in.get(i));
            assertEquals(1, out.size(), "input " + i);
            assertEquals(in.get(i).ts(), out.get(0).ts());
            assertEquals(in.get(i).receiptTs(), out.get(0).receiptTs());
            List<Double> xs = window(in, i, w);
            double expected = twoPassStd(xs);
            assertClose(expected, out.get(0).getDouble(0), 1e-9, 1e-9, "input " + i + " (" + xs.size() + " values in the window)");
        }
    }

    @Test
    void randomWalkMatchesANaiveTwoPassStd() {
        // ~1s between prices: about 60 prices in a 1m window, 4000 windows
        List<FeatureEvent> in = TestEvents.randomWalk(MidPriceFD.SCHEMA, new Random(1), 4000, BASE + 17, 2 * SEC);
        compareWithReference(in, "1m", 60 * SEC);
    }

    @Test
    void randomWalkWithBurstsAndLongGaps() {
        Random rnd = new Random(2);
        List<FeatureEvent> in = new ArrayList<>();
        long t = BASE;
        double p = 30_000;
        for (int i = 0; i < 3000; i++) {
            int kind = rnd.nextInt(20);
            // mostly bursts of a few ms, sometimes the exact window length, sometimes a gap longer than the window
            t += kind == 0 ? SEC : kind == 1 ? 7 * SEC : kind == 2 ? 0 : rnd.nextInt(20) * MS + rnd.nextInt(1000);
            p += (rnd.nextInt(201) - 100) / 100.0;
            in.add(mid(t, p));
        }
        compareWithReference(in, "1s", SEC);
    }

    @Test
    void largeWindows() {
        // ~50ms apart: about 1200 prices per 1m window
        List<FeatureEvent> in = TestEvents.randomWalk(MidPriceFD.SCHEMA, new Random(3), 3000, BASE, 100 * MS);
        compareWithReference(in, "1m", 60 * SEC);
    }

    @Test
    void tinyStdAtALargePrice() {
        // alternating 30000.01 / 30000.02: std 0.005, where a naive sum-of-squares formula cancels badly
        List<FeatureEvent> in = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            in.add(mid(BASE + i * 100 * MS, i % 2 == 0 ? 30_000.01 : 30_000.02));
        }
        compareWithReference(in, "5s", 5 * SEC);
        FeatureTestHarness h = FeatureTestHarness.of(vol(Map.of("window", "5s")));
        List<Event> out = h.pushAll(in);
        // 51 values in the window (26 of one, 25 of the other): std = 0.01 * sqrt(26*25)/51
        assertClose(0.01 * Math.sqrt(26 * 25) / 51, out.get(out.size() - 1).getDouble(0), 1e-9, 1e-12, "last window");
    }

    @Test
    void rejectsABadWindow() {
        assertThrows(IllegalArgumentException.class, () -> vol(Map.of("window", "soon")));
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<FeatureEvent> in = TestEvents.randomWalk(MidPriceFD.SCHEMA, new Random(4), 3000, BASE, 2 * SEC);
        TestEvents.assertRestoreMatches(vol(Map.of()), in);
        TestEvents.assertRestoreMatches(vol(Map.of("window", "5s")), in);
        // windows of ~1200 prices: more than the window's initial capacity when restored
        TestEvents.assertRestoreMatches(vol(Map.of()), TestEvents.randomWalk(MidPriceFD.SCHEMA, new Random(5), 3000, BASE, 100 * MS));
    }
}

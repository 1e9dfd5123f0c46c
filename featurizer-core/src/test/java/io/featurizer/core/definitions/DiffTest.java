package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static io.featurizer.core.definitions.TestEvents.assertClose;
import static io.featurizer.core.definitions.TestEvents.scalar;
import static io.featurizer.core.definitions.TestEvents.snapshotFeature;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiffTest {
    private static final Feature MID = TestEvents.midOverBook(5);

    private static Feature diff(Map<String, ?> params, Feature... inputs) {
        return Features.feature("transforms.diff", params, inputs);
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
    void handComputedRelativeChangeOverTheWindow() {
        FeatureTestHarness h = FeatureTestHarness.of(diff(Map.of("window", "10s"), MID));
        long t = BASE;
        assertEquals(0.0, single(h.push(0, mid(t, 100)), t), 0);
        assertEquals(0.1, single(h.push(0, mid(t + 5 * SEC, 110)), t + 5 * SEC), 1e-15);
        // exactly 10s after the first: 100 is still the first value
        assertEquals(-0.01, single(h.push(0, mid(t + 10 * SEC, 99)), t + 10 * SEC), 1e-15);
        // 1ns later 100 left: first is 110 -> (121 - 110) / 110
        assertEquals(0.1, single(h.push(0, mid(t + 10 * SEC + 1, 121)), t + 10 * SEC + 1), 1e-15);
        // 30s later only this value: 0
        assertEquals(0.0, single(h.push(0, mid(t + 40 * SEC, 50)), t + 40 * SEC), 0);
        // (75 - 50) / 50
        assertEquals(0.5, single(h.push(0, mid(t + 41 * SEC, 75)), t + 41 * SEC), 1e-15);
    }

    @Test
    void defaultWindowIsOneMinute() {
        FeatureTestHarness h = FeatureTestHarness.of(diff(Map.of(), MID));
        single(h.push(0, mid(BASE, 200)), BASE);
        assertEquals(0.25, single(h.push(0, mid(BASE + 60 * SEC, 250)), BASE + 60 * SEC), 1e-15);
        assertEquals(0.2 / 2.5, single(h.push(0, mid(BASE + 60 * SEC + 1, 270)), BASE + 60 * SEC + 1), 1e-15);
    }

    @Test
    void noValueWhileTheFirstValueIsZero() {
        FeatureTestHarness h = FeatureTestHarness.of(diff(Map.of("window", "10s"), MID));
        assertEquals(List.of(), h.push(0, mid(BASE, 0)));
        assertEquals(List.of(), h.push(0, mid(BASE + SEC, 5)));
        // the zero left the window: first is 5
        assertEquals(1.0, single(h.push(0, mid(BASE + 11 * SEC, 10)), BASE + 11 * SEC), 1e-15);
    }

    @Test
    void worksOverAnySingleValueFeature() {
        Feature vol = Features.feature("volatility.volatility_stddev_fd", Map.of(), MID);
        FeatureTestHarness h = FeatureTestHarness.of(diff(Map.of("window", "10s"), vol));
        single(h.push(0, scalar(VolatilityStddevFD.SCHEMA, BASE, 4)), BASE);
        assertEquals(-0.75, single(h.push(0, scalar(VolatilityStddevFD.SCHEMA, BASE + SEC, 1)), BASE + SEC), 1e-15);
    }

    @Test
    void rejectsMultiFieldInputs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> diff(Map.of(), snapshotFeature(Map.of("depth", 5))));
        assertTrue(e.getMessage().contains("single-value"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> diff(Map.of(), Features.feature("ohlcv.ohlcv_fd", Map.of(), TestEvents.trades())));
        assertTrue(e.getMessage().contains("single-value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> diff(Map.of(), MID, TestEvents.midOverBook(3)));
        assertThrows(IllegalArgumentException.class, () -> diff(Map.of("window", "a while"), MID));
    }

    /** Naive: (x_i - first)/first where first is the oldest input j <= i with ts_i - w <= ts_j. */
    @Test
    void randomWalkMatchesANaiveRecomputation() {
        for (String window : new String[] {"1m", "3s"}) {
            long w = window.equals("1m") ? 60 * SEC : 3 * SEC;
            List<FeatureEvent> in = TestEvents.randomWalk(MidPriceFD.SCHEMA, new Random(window.hashCode()), 4000, BASE, 2 * SEC);
            FeatureTestHarness h = FeatureTestHarness.of(diff(Map.of("window", window), MID));
            for (int i = 0; i < in.size(); i++) {
                long t = in.get(i).ts();
                int first = i;
                while (first > 0 && t - in.get(first - 1).ts() <= w) {
                    first--;
                }
                double f = in.get(first).getDouble(0);
                double expected = (in.get(i).getDouble(0) - f) / f;
                List<Event> out = h.push(0, in.get(i));
                assertEquals(1, out.size(), window + ", input " + i);
                assertEquals(t, out.get(0).ts());
                assertEquals(in.get(i).receiptTs(), out.get(0).receiptTs());
                assertClose(expected, out.get(0).getDouble(0), 1e-12, 1e-15, window + ", input " + i);
            }
        }
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<FeatureEvent> in = TestEvents.randomWalk(MidPriceFD.SCHEMA, new Random(77), 3000, BASE, 2 * SEC);
        TestEvents.assertRestoreMatches(diff(Map.of(), MID), in);
        TestEvents.assertRestoreMatches(diff(Map.of("window", "5s"), MID), in);
    }
}

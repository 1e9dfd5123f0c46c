package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.derivatives.DerivativesEvents.BASE;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.MS;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.NaN;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.SEC;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.feature;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.openInterest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** derivatives.open_interest_change: by hand, edge cases, and at every event against a from-scratch as-of lookup. */
class OpenInterestChangeFDTest {
    static FeatureTestHarness harness(String window) {
        return FeatureTestHarness.of(feature("derivatives.open_interest_change", Map.of("window", window)));
    }

    @Test
    void changeAgainstTheValueAsOfOneWindowAgo() {
        FeatureTestHarness h = harness("10s");
        assertEquals(List.of(), h.push(0, openInterest(BASE, 1_000)), "one event: nothing as of t - w");
        assertEquals(List.of(), h.push(0, openInterest(BASE + 5 * SEC, 1_100)), "window longer than the data");
        // t = 10 s: as of 0 s (on the boundary, included) the OI was 1000: +200, +20 %
        List<Event> out = h.push(0, openInterest(BASE + 10 * SEC, 1_200));
        assertEquals(200.0, out.get(0).getDouble(0), 1e-12);
        assertEquals(0.2, out.get(0).getDouble(1), 1e-15);
        assertEquals(BASE + 10 * SEC, out.get(0).ts());
        assertEquals(List.of(), h.push(0, openInterest(BASE + 11 * SEC, NaN)), "no open interest: no output");
        // t = 16 s: as of 6 s the last value is the one at 5 s (1100): 990 - 1100 = -110, -10 %
        out = h.push(0, openInterest(BASE + 16 * SEC, 990));
        assertEquals(-110.0, out.get(0).getDouble(0), 1e-12);
        assertEquals(-0.1, out.get(0).getDouble(1), 1e-15);
    }

    @Test
    void tiesOnTheBoundaryTakeTheLastValueAtThatTime() {
        FeatureTestHarness h = harness("1s");
        h.push(0, openInterest(BASE, 500));
        h.push(0, openInterest(BASE, 400)); // same time, later in the input order: the as-of value at BASE
        h.push(0, openInterest(BASE + 500 * MS, 450));
        // as of BASE + 1 s - 1 s = BASE: 400 -> 410 - 400 = 10
        assertEquals(10.0, h.push(0, openInterest(BASE + SEC, 410)).get(0).getDouble(0), 1e-12);
        // one ns later the as-of value is still the one at BASE (the next is at 500 ms)
        assertEquals(20.0, h.push(0, openInterest(BASE + SEC + 1, 420)).get(0).getDouble(0), 1e-12);
        // as of 500 ms: 450
        assertEquals(-50.0, h.push(0, openInterest(BASE + 1500 * MS, 400)).get(0).getDouble(0), 1e-12);
    }

    @Test
    void aReferenceMoreThanOneWindowStaleIsNone() {
        FeatureTestHarness h = harness("1s");
        h.push(0, openInterest(BASE, 100));
        // t = 2 s: as of 1 s the value is from 0 s, exactly 2w ago: still a reference
        assertEquals(5.0, h.push(0, openInterest(BASE + 2 * SEC, 105)).get(0).getDouble(0), 1e-12);
        // t = 3.5 s: as of 2.5 s the value is from 2 s (105): 0.5 s old, fine
        assertEquals(-5.0, h.push(0, openInterest(BASE + 3500 * MS, 100)).get(0).getDouble(0), 1e-12);
        // t = 10 s: the last value at or before 9 s is from 3.5 s, older than t - 2w = 8 s: nothing
        assertEquals(List.of(), h.push(0, openInterest(BASE + 10 * SEC, 100)));
    }

    @Test
    void aZeroReferenceHasNoRelativeChange() {
        FeatureTestHarness h = harness("1s");
        h.push(0, openInterest(BASE, 0));
        List<Event> out = h.push(0, openInterest(BASE + SEC, 7));
        assertEquals(7.0, out.get(0).getDouble(0));
        assertTrue(Double.isNaN(out.get(0).getDouble(1)));
    }

    /** From scratch: the last event j before i with a known OI and ts_j <= t - w, if its ts is >= t - 2w. */
    static double[] naive(List<DerivativeTicker> in, int i, long w) {
        DerivativeTicker now = in.get(i);
        if (Double.isNaN(now.openInterest())) {
            return null;
        }
        long t = now.ts();
        DerivativeTicker ref = null;
        for (int j = 0; j < i; j++) {
            DerivativeTicker x = in.get(j);
            if (!Double.isNaN(x.openInterest()) && x.ts() <= t - w) {
                ref = x;
            }
        }
        if (ref == null || ref.ts() < t - 2 * w) {
            return null;
        }
        double r = ref.openInterest();
        return new double[] {now.openInterest() - r, r == 0 ? NaN : (now.openInterest() - r) / r};
    }

    @Property(tries = 250)
    void slidingEqualsRecomputationAtEveryEvent(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n,
                                                @ForAll @IntRange(min = 1, max = 5_000) int windowMs) {
        SplittableRandom r = new SplittableRandom(seed);
        List<DerivativeTicker> in = new ArrayList<>();
        long t = BASE;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(4) == 0 ? 0 : r.nextLong(3_000 * MS); // ties and gaps longer than the window
            double oi = r.nextInt(10) == 0 ? NaN : r.nextInt(20) == 0 ? 0 : 1_000 + r.nextInt(100_000) / 10.0;
            in.add(openInterest(t, oi));
        }
        long w = windowMs * MS;
        FeatureTestHarness h = harness(windowMs + "ms");
        int cut = r.nextInt(n + 1);
        for (int i = 0; i < n; i++) {
            if (i == cut) {
                h = h.restoredCopy(); // snapshot and restore anywhere on the way
            }
            List<Event> out = h.push(0, in.get(i));
            double[] expected = naive(in, i, w);
            if (expected == null) {
                assertEquals(List.of(), out, "event " + i);
            } else {
                assertEquals(1, out.size(), "event " + i);
                assertEquals(expected[0], out.get(0).getDouble(0), 0, "event " + i);
                assertEquals(expected[1], out.get(0).getDouble(1), 0, "event " + i);
            }
        }
    }
}

package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.flow.FlowEvents.Input;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.flow.FlowEvents.BASE;
import static io.featurizer.core.definitions.flow.FlowEvents.MS;
import static io.featurizer.core.definitions.flow.FlowEvents.SEC;
import static io.featurizer.core.definitions.flow.FlowEvents.buy;
import static io.featurizer.core.definitions.flow.FlowEvents.mid;
import static io.featurizer.core.definitions.flow.FlowEvents.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KyleLambdaFDTest {
    static Feature kyle(String interval, String window) {
        return Features.feature("flow.kyle_lambda", Map.of("interval", interval, "window", window), FlowEvents.mid(), FlowEvents.trades());
    }

    @Test
    void handComputedSlopes() {
        FeatureTestHarness h = FeatureTestHarness.of(kyle("1s", "3s"));
        assertEquals(List.of(), h.push(0, mid(BASE + 200 * MS, 100)));
        assertEquals(List.of(), h.push(1, buy(BASE + 1500 * MS, 100, 2))); // closes 1 s: no earlier mid sample, no pair
        h.push(0, mid(BASE + 1600 * MS, 101)); // interval (1, 2]: Δm = 1, q = 2
        assertEquals(List.of(), h.push(1, sell(BASE + 2500 * MS, 100, 1))); // closes 2 s: one pair
        h.push(0, mid(BASE + 3 * SEC, 100.5)); // on the grid point: counts for 3 s. Interval (2, 3]: Δm = −0.5, q = −1
        // pairs (q, Δm) = (2, 1), (−1, −0.5): q̄ = 0.5, m̄ = 0.25, Σ dq·dm = 1.5·0.75 + 1.5·0.75 = 2.25, Σ dq² = 4.5: λ = 0.5
        List<Event> out = h.push(1, buy(BASE + 3500 * MS, 100, 1));
        assertEquals(1, out.size());
        assertEquals(BASE + 3 * SEC, out.get(0).ts(), "timed at the grid point");
        assertEquals(BASE + 3500 * MS + FlowEvents.RECEIPT_LAG, out.get(0).receiptTs(), "with the closing input's receipt time");
        assertEquals(0.5, out.get(0).getDouble(0), 1e-12);
        h.push(0, mid(BASE + 3900 * MS, 101.5)); // interval (3, 4]: Δm = 1, q = 1
        // (2, 1), (−1, −0.5), (1, 1): q̄ = 2/3, m̄ = 1/2: Σ dq·dm = (4/3)(1/2) + (5/3)(1) + (1/3)(1/2) = 5/2, Σ dq² = 42/9: λ = 15/28
        out = h.push(1, sell(BASE + 4200 * MS, 100, 0));
        assertEquals(15 / 28.0, out.get(0).getDouble(0), 1e-12);
        // idle until 8.5 s closes 5..8 s: zero changes and zero volume (the zero-volume sell at 4.2 s adds nothing)
        // at 5 s: (−1, −0.5), (1, 1), (0, 0): q̄ = 0, m̄ = 1/6: Σ dq·dm = (−1)(−2/3) + (1)(5/6) = 3/2, Σ dq² = 2: λ = 0.75
        // at 6 s: (1, 1), (0, 0), (0, 0): Σ dq·dm = 2/3, Σ dq² = 2/3: λ = 1; at 7 and 8 s q does not vary: nothing
        out = h.push(1, buy(BASE + 8500 * MS, 100, 1));
        assertEquals(2, out.size());
        assertEquals(BASE + 5 * SEC, out.get(0).ts());
        assertEquals(0.75, out.get(0).getDouble(0), 1e-12);
        assertEquals(BASE + 6 * SEC, out.get(1).ts());
        assertEquals(1.0, out.get(1).getDouble(0), 1e-12);
        // the buy at 8.5 s is q = 1 at 9 s with Δm = 0: the windows at 9, 10 and 11 s hold it, slope 0; then flat windows
        out = h.push(1, buy(BASE + 60 * SEC, 100, 1));
        assertEquals(3, out.size(), "a long idle gap: " + out);
        for (int k = 0; k < 3; k++) {
            assertEquals(BASE + (9 + k) * SEC, out.get(k).ts());
            assertEquals(0.0, out.get(k).getDouble(0), 1e-15);
        }
    }

    @Test
    void billionsOfBaseUnitsPerIntervalStayInRange() {
        // a low-priced token: |q| up to 3e9 per interval over a 300-interval window, and Δm = 1e-10·q exactly linear
        FeatureTestHarness h = FeatureTestHarness.of(kyle("1s", "5m"));
        double m = 100;
        h.push(0, mid(BASE + 100 * MS, m));
        Event last = null;
        for (int k = 1; k <= 400; k++) {
            long q = (k % 7 - 3) * 1_000_000_000L;
            List<Event> out = new ArrayList<>(h.push(1, q >= 0 ? buy(BASE + k * SEC - 500 * MS, 1e-5, q) : sell(BASE + k * SEC - 500 * MS, 1e-5, -q)));
            m += 1e-10 * q;
            out.addAll(h.push(0, mid(BASE + k * SEC - 400 * MS, m)));
            if (!out.isEmpty()) {
                last = out.get(out.size() - 1);
            }
        }
        assertNotNull(last);
        assertEquals(1e-10, last.getDouble(0), 1e-10 * 1e-6);
    }

    @Test
    void rejectsAWindowThatIsNotAMultipleOfTwoIntervals() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kyle("1s", "1s"));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kyle("2s", "5s"));
    }

    /** OLS slope of Δm on q over the points of the window with a change, two-pass; NaN when undefined. */
    static double naiveLambda(List<GridReference.Point> points, int p, int steps) {
        double sq = 0, sm = 0;
        int n = 0;
        for (int k = Math.max(0, p - steps + 1); k <= p; k++) {
            if (!Double.isNaN(points.get(k).change())) {
                sq += points.get(k).signedVolume();
                sm += points.get(k).change();
                n++;
            }
        }
        if (n < 2) {
            return Double.NaN;
        }
        double mq = sq / n, mm = sm / n, cov = 0, var = 0;
        for (int k = Math.max(0, p - steps + 1); k <= p; k++) {
            GridReference.Point x = points.get(k);
            if (!Double.isNaN(x.change())) {
                cov += (x.signedVolume() - mq) * (x.change() - mm);
                var += (x.signedVolume() - mq) * (x.signedVolume() - mq);
            }
        }
        return var == 0 ? Double.NaN : cov / var; // volumes on a 1/8 grid: their variance is exactly 0 or clearly not
    }

    @Property(tries = 200)
    void everyGridPointEqualsARecomputation(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] intervals = {100 * MS, 250 * MS, SEC};
        long interval = intervals[r.nextInt(3)];
        int steps = 2 + r.nextInt(7);
        long maxGap = Math.min(steps * interval - 1, 700 * MS); // below the window: every grid point is closed one by one
        List<Input> in = FlowEvents.randomMidsAndTrades(r, 1 + r.nextInt(150), maxGap);
        FeatureTestHarness h = FeatureTestHarness.of(kyle(interval / MS + "ms", steps * interval / MS + "ms"));
        Map<Long, Event> outputs = new HashMap<>();
        for (Input x : in) {
            for (Event e : h.push(x.input(), x.event())) {
                assertNull(outputs.put(e.ts(), e), "one output per grid point");
            }
        }
        List<GridReference.Point> points = GridReference.points(in, interval);
        for (int p = 0; p < points.size(); p++) {
            double lambda = naiveLambda(points, p, steps);
            Event e = outputs.remove(points.get(p).g());
            if (Double.isNaN(lambda)) {
                assertNull(e, "grid point " + p + ": undefined");
            } else {
                assertNotNull(e, "grid point " + p + ": " + lambda);
                assertEquals(points.get(p).closing().receiptTs(), e.receiptTs());
                assertTrue(FlowEvents.close(lambda, e.getDouble(0), 1e-8, 1e-9), "grid point " + p + ": " + lambda + " vs " + e.getDouble(0));
            }
        }
        assertTrue(outputs.isEmpty(), "outputs off the grid: " + outputs.keySet());
    }
}

package io.featurizer.core.definitions.returns;

import io.featurizer.core.definitions.flow.FlowEvents;
import io.featurizer.core.definitions.flow.FlowEvents.Input;
import io.featurizer.core.definitions.flow.GridReference;
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
import static io.featurizer.core.definitions.flow.FlowEvents.mid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealizedVarianceFDTest {
    static Feature rv(Map<String, Object> params) {
        return Features.feature("returns.realized_variance", params, FlowEvents.mid());
    }

    @Test
    void handComputedVarianceAndVolatility() {
        FeatureTestHarness h = FeatureTestHarness.of(rv(Map.of("interval", "1s", "window", "2s")));
        h.push(0, mid(BASE + 500 * MS, 100)); // closes nothing
        h.push(0, mid(BASE + 1500 * MS, 110)); // closes 1 s: no earlier sample
        assertEquals(List.of(), h.push(0, mid(BASE + 2200 * MS, 99)), "2 s: one return of two: the window is not covered");
        List<Event> out = h.push(0, mid(BASE + 3100 * MS, 99)); // closes 3 s
        double r2 = Math.log(1.1), r3 = Math.log(99 / 110.0);
        assertEquals(1, out.size());
        assertEquals(BASE + 3 * SEC, out.get(0).ts());
        assertEquals(r2 * r2 + r3 * r3, out.get(0).getDouble(0), 1e-16);
        assertEquals(Math.sqrt(r2 * r2 + r3 * r3), out.get(0).getDouble(1), 1e-16);
        // idle to 10.5 s: 4 s (r = 0, window holds r3), 5 and 6 s (0); then every point repeats 0 and is skipped
        out = h.push(0, mid(BASE + 10_500 * MS, 105));
        assertEquals(3, out.size());
        assertEquals(r3 * r3, out.get(0).getDouble(0), 1e-16);
        assertEquals(0.0, out.get(1).getDouble(0), 0);
        assertEquals(BASE + 6 * SEC, out.get(2).ts());
        assertEquals(0.0, out.get(2).getDouble(0), 0);
        // 11 s: the sample at 10 s is still 99 (as of then): r = ln(105/99), and 10 s's return was 0
        out = h.push(0, mid(BASE + 11_200 * MS, 105));
        assertEquals(BASE + 11 * SEC, out.get(0).ts());
        double r11 = Math.log(105 / 99.0);
        assertEquals(r11 * r11, out.get(0).getDouble(0), 1e-16);
    }

    @Test
    void annualizedScalesByAYearOverTheWindow() {
        FeatureTestHarness h = FeatureTestHarness.of(rv(Map.of("interval", "1s", "window", "2s", "annualize", true)));
        h.push(0, mid(BASE + 500 * MS, 100));
        h.push(0, mid(BASE + 1500 * MS, 110));
        h.push(0, mid(BASE + 2200 * MS, 99));
        Event e = h.push(0, mid(BASE + 3100 * MS, 99)).get(0);
        double rv = Math.pow(Math.log(1.1), 2) + Math.pow(Math.log(0.9), 2);
        double perYear = 365 * 86_400 / 2.0; // 2 s windows in a 365-day year
        assertEquals(rv * perYear, e.getDouble(0), 1e-16 * perYear);
        assertEquals(Math.sqrt(rv * perYear), e.getDouble(1), 1e-12);
    }

    @Test
    void aWindowLongerThanTheDataEmitsNothing() {
        FeatureTestHarness h = FeatureTestHarness.of(rv(Map.of("interval", "1s", "window", "1h")));
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            out.addAll(h.push(0, mid(BASE + i * 700 * MS, 100 + i % 3)));
        }
        assertEquals(List.of(), out);
    }

    @Test
    void rejectsAWindowThatIsNotAMultipleOfTheInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rv(Map.of("interval", "1s", "window", "1500ms")));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }

    @Property(tries = 200)
    void everyGridPointEqualsARecomputation(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] intervals = {100 * MS, 250 * MS, SEC};
        long interval = intervals[r.nextInt(3)];
        int steps = 1 + r.nextInt(8);
        long maxGap = Math.min(steps * interval - 1, 700 * MS);
        List<Input> in = new ArrayList<>(); // a random walk of mids, ties included, gaps below the window
        long ts = BASE + r.nextLong(SEC);
        long cents = 10_000;
        for (int i = 0, n = 1 + r.nextInt(150); i < n; i++) {
            ts += r.nextInt(5) == 0 ? 0 : r.nextLong(maxGap + 1);
            cents = Math.max(100, cents + r.nextInt(-30, 31));
            in.add(new Input(0, mid(ts, cents / 100.0)));
        }
        FeatureTestHarness h = FeatureTestHarness.of(rv(Map.of("interval", interval / MS + "ms", "window", steps * interval / MS + "ms")));
        Map<Long, Event> outputs = new HashMap<>();
        for (Input x : in) {
            for (Event e : h.push(0, x.event())) {
                assertNull(outputs.put(e.ts(), e), "one output per grid point");
            }
        }
        List<GridReference.Point> points = GridReference.points(in, interval);
        for (int p = 0; p < points.size(); p++) {
            double sum = 0;
            int n = 0;
            for (int k = Math.max(0, p - steps + 1); k <= p; k++) {
                double ret = points.get(k).logReturn();
                if (!Double.isNaN(ret)) {
                    sum += ret * ret;
                    n++;
                }
            }
            Event e = outputs.remove(points.get(p).g());
            if (n < steps) {
                assertNull(e, "grid point " + p + ": the window is not covered");
            } else {
                assertNotNull(e, "grid point " + p);
                assertEquals(points.get(p).closing().receiptTs(), e.receiptTs());
                assertTrue(FlowEvents.close(sum, e.getDouble(0), 1e-9, 1e-20), "grid point " + p + ": " + sum + " vs " + e.getDouble(0));
                assertTrue(FlowEvents.close(Math.sqrt(sum), e.getDouble(1), 1e-9, 1e-12), "grid point " + p);
            }
        }
        assertTrue(outputs.isEmpty(), "outputs off the grid: " + outputs.keySet());
    }
}

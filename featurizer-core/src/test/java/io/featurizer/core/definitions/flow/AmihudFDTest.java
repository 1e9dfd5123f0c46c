package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.flow.FlowEvents.Input;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

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

class AmihudFDTest {
    static Feature amihud(String interval, String window) {
        return Features.feature("flow.amihud", Map.of("interval", interval, "window", window), FlowEvents.mid(), FlowEvents.trades());
    }

    @Test
    void handComputedIlliquidity() {
        FeatureTestHarness h = FeatureTestHarness.of(amihud("1s", "2s"));
        h.push(0, mid(BASE + 500 * MS, 100));
        h.push(1, buy(BASE + 1200 * MS, 100, 1)); // closes 1 s: no return yet
        h.push(1, sell(BASE + 1500 * MS, 102, 1));
        h.push(0, mid(BASE + 1800 * MS, 102)); // interval (1, 2]: r = ln 1.02, notional 100 + 102
        List<Event> out = h.push(0, mid(BASE + 2900 * MS, 101)); // closes 2 s
        double first = Math.log(1.02) / 202;
        assertEquals(1, out.size());
        assertEquals(BASE + 2 * SEC, out.get(0).ts());
        assertEquals(first, out.get(0).getDouble(0), 1e-18);
        // interval (2, 3] had no trades (zero volume): left out of the mean; the window (1, 3] keeps only the first ratio
        out = h.push(1, buy(BASE + 3500 * MS, 101, 2));
        assertEquals(first, out.get(0).getDouble(0), 1e-18);
        // interval (3, 4]: r = 0 on notional 202: the window (2, 4] holds only this ratio, 0
        out = h.push(0, mid(BASE + 4500 * MS, 100));
        assertEquals(0.0, out.get(0).getDouble(0), 0);
        // idle to 7.2 s: 5 s (r = ln(100/101), no volume: left out) keeps the ratio 0 of 4 s; 6 and 7 s hold nothing
        out = h.push(0, mid(BASE + 7200 * MS, 100));
        assertEquals(1, out.size());
        assertEquals(BASE + 5 * SEC, out.get(0).ts());
        assertEquals(0.0, out.get(0).getDouble(0), 0);
    }

    @Test
    void oneIntervalWindowIsTheRatioOfThatInterval() {
        FeatureTestHarness h = FeatureTestHarness.of(amihud("1s", "1s"));
        h.push(0, mid(BASE, 200));
        h.push(1, sell(BASE + 100 * MS, 199, 0.5)); // (0, 1]: notional 99.5
        h.push(0, mid(BASE + SEC, 190)); // at the grid point: counts for 1 s
        List<Event> out = h.push(1, buy(BASE + 1001 * MS, 190, 1));
        assertEquals(Math.abs(Math.log(190 / 200.0)) / 99.5, out.get(0).getDouble(0), 1e-18);
    }

    @Test
    void rejectsAWindowThatIsNotAMultipleOfTheInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> amihud("1m", "90s"));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }

    @Property(tries = 200)
    void everyGridPointEqualsARecomputation(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] intervals = {100 * MS, 250 * MS, SEC};
        long interval = intervals[r.nextInt(3)];
        int steps = 1 + r.nextInt(8);
        long maxGap = Math.min(steps * interval - 1, 700 * MS);
        List<Input> in = FlowEvents.randomMidsAndTrades(r, 1 + r.nextInt(150), maxGap);
        FeatureTestHarness h = FeatureTestHarness.of(amihud(interval / MS + "ms", steps * interval / MS + "ms"));
        Map<Long, Event> outputs = new HashMap<>();
        for (Input x : in) {
            for (Event e : h.push(x.input(), x.event())) {
                assertNull(outputs.put(e.ts(), e), "one output per grid point");
            }
        }
        List<GridReference.Point> points = GridReference.points(in, interval);
        for (int p = 0; p < points.size(); p++) {
            double sum = 0;
            int n = 0;
            for (int k = Math.max(0, p - steps + 1); k <= p; k++) {
                GridReference.Point x = points.get(k);
                if (!Double.isNaN(x.logReturn()) && x.notional() > 0) {
                    sum += Math.abs(x.logReturn()) / x.notional();
                    n++;
                }
            }
            Event e = outputs.remove(points.get(p).g());
            if (n == 0) {
                assertNull(e, "grid point " + p);
            } else {
                assertNotNull(e, "grid point " + p);
                assertEquals(points.get(p).closing().receiptTs(), e.receiptTs());
                assertTrue(FlowEvents.close(sum / n, e.getDouble(0), 1e-9, 1e-18), "grid point " + p + ": " + sum / n + " vs " + e.getDouble(0));
            }
        }
        assertTrue(outputs.isEmpty(), "outputs off the grid: " + outputs.keySet());
    }
}

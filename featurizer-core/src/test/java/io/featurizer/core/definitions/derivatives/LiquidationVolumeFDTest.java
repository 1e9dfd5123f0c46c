package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.testing.AggregatorLaws;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.derivatives.DerivativesEvents.BASE;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.MS;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.SEC;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.buy;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.feature;
import static io.featurizer.core.definitions.derivatives.DerivativesEvents.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** derivatives.liquidation_volume: by hand, edge cases, sliding == recomputation, merged splits == one aggregation. */
class LiquidationVolumeFDTest {
    static FeatureTestHarness harness(String window) {
        return FeatureTestHarness.of(feature("derivatives.liquidation_volume", Map.of("window", window)));
    }

    static double[] values(List<Event> out) {
        assertEquals(1, out.size(), "one output per liquidation");
        Event e = out.get(0);
        return new double[] {e.getDouble(0), e.getDouble(1), e.getDouble(2), e.getDouble(3)};
    }

    @Test
    void volumeAndNotionalBySideOverTheWindow() {
        FeatureTestHarness h = harness("10s");
        // one event: a short liquidated by a buy of 2 at 100
        assertEquals(List.of(2.0, 0.0, 200.0, 0.0), box(values(h.push(0, buy(BASE, 100, 2)))));
        // a long liquidated by a sell of 0.5 at 90
        assertEquals(List.of(2.0, 0.5, 200.0, 45.0), box(values(h.push(0, sell(BASE + 3 * SEC, 90, 0.5)))));
        // zero amount: counts nothing
        assertEquals(List.of(2.0, 0.5, 200.0, 45.0), box(values(h.push(0, sell(BASE + 4 * SEC, 95, 0)))));
        // exactly 10 s after the first: it stays (the window holds t - w <= ts <= t)
        assertEquals(List.of(3.0, 0.5, 310.0, 45.0), box(values(h.push(0, buy(BASE + 10 * SEC, 110, 1)))));
        // 1 ns later the first leaves
        assertEquals(List.of(1.0, 1.5, 110.0, 125.0), box(values(h.push(0, sell(BASE + 10 * SEC + 1, 80, 1)))));
        // 30 s: only this one
        assertEquals(List.of(0.0, 4.0, 0.0, 280.0), box(values(h.push(0, sell(BASE + 30 * SEC, 70, 4)))));
    }

    @Test
    void restoresMidWindow() {
        FeatureTestHarness h = harness("5s");
        h.push(0, buy(BASE, 100, 1));
        h.push(0, sell(BASE + SEC, 101, 2));
        FeatureTestHarness restored = h.restoredCopy();
        assertEquals(h.push(0, sell(BASE + 5500 * MS, 99, 1)), restored.push(0, sell(BASE + 5500 * MS, 99, 1)));
    }

    private static List<Double> box(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return l;
    }

    static List<Liquidation> random(SplittableRandom r, int n) {
        List<Liquidation> in = new ArrayList<>();
        long t = BASE;
        for (int i = 0; i < n; i++) {
            t += r.nextInt(5) == 0 ? 0 : r.nextLong(2_000 * MS);
            double price = 20_000 + r.nextInt(2_000_000) / 100.0;
            double amount = r.nextInt(15) == 0 ? 0 : r.nextInt(100_000) / 1000.0;
            in.add(r.nextBoolean() ? buy(t, price, amount) : sell(t, price, amount));
        }
        return in;
    }

    /** From scratch, exactly (BigDecimal): the sums over j <= i with t_i - w <= t_j, rounded once. */
    static double[] naive(List<Liquidation> in, int i, long w) {
        BigDecimal[] s = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        long t = in.get(i).ts();
        for (int j = 0; j <= i; j++) {
            Liquidation x = in.get(j);
            if (t - x.ts() <= w) {
                int side = x.isBuy() ? 0 : 1;
                s[side] = s[side].add(new BigDecimal(x.amount()));
                s[side + 2] = s[side + 2].add(new BigDecimal(x.price() * x.amount()));
            }
        }
        return new double[] {s[0].doubleValue(), s[1].doubleValue(), s[2].doubleValue(), s[3].doubleValue()};
    }

    @Property(tries = 250)
    void slidingEqualsRecomputationAtEveryEvent(@ForAll long seed, @ForAll @IntRange(min = 1, max = 300) int n,
                                                @ForAll @IntRange(min = 1, max = 8_000) int windowMs) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Liquidation> in = random(r, n);
        FeatureTestHarness h = harness(windowMs + "ms");
        for (int i = 0; i < n; i++) {
            double[] expected = naive(in, i, windowMs * MS);
            double[] actual = values(h.push(0, in.get(i)));
            for (int k = 0; k < 4; k++) {
                // the window's fixed-point sums keep 64 fraction bits: equal to the exact sum within 1 ulp of its magnitude
                assertEquals(expected[k], actual[k], Math.ulp(expected[k]) + 1e-15, "event " + i + " field " + k);
            }
        }
    }

    @Property(tries = 300)
    void mergedRandomSplitsEqualOneAggregation(@ForAll long seed, @ForAll @IntRange(min = 0, max = 60) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        AggregatorLaws.check("liquidation_volume", new LiquidationVolumeFD.Volumes(), LiquidationVolumeFD.SCHEMA, random(r, n), r);
    }
}

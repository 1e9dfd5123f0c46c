package io.featurizer.core.definitions.flow;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.flow.FlowEvents.BASE;
import static io.featurizer.core.definitions.flow.FlowEvents.SEC;
import static io.featurizer.core.definitions.flow.FlowEvents.buy;
import static io.featurizer.core.definitions.flow.FlowEvents.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RollSpreadFDTest {
    static Feature roll(String window) {
        return Features.feature("flow.roll_spread", Map.of("window", window), FlowEvents.trades());
    }

    /** [spread, autocovariance] of the one output of a trade. */
    static double[] push(FeatureTestHarness h, Trade t) {
        List<Event> out = h.push(0, t);
        assertEquals(1, out.size());
        assertEquals(t.ts(), out.get(0).ts());
        return new double[] {out.get(0).getDouble(0), out.get(0).getDouble(1)};
    }

    static void assertSpread(double spread, double cov, double[] actual, String what) {
        assertTrue(FlowEvents.close(spread, actual[0], 1e-12, 1e-12), what + ": spread " + spread + " vs " + actual[0]);
        assertTrue(FlowEvents.close(cov, actual[1], 1e-12, 1e-12), what + ": autocovariance " + cov + " vs " + actual[1]);
    }

    @Test
    void bidAskBounceGivesTheSpread() {
        FeatureTestHarness h = FeatureTestHarness.of(roll("1m"));
        assertSpread(Double.NaN, Double.NaN, push(h, buy(BASE, 101, 1)), "one trade");
        assertSpread(Double.NaN, Double.NaN, push(h, sell(BASE + SEC, 100, 1)), "no pair yet");
        assertSpread(Double.NaN, Double.NaN, push(h, buy(BASE + 2 * SEC, 101, 1)), "one pair: no sample covariance");
        // changes −1, +1, −1: pairs (x, y) = (+1, −1), (−1, +1); means 0, Σxy = −2, sample cov −2 / 1
        assertSpread(2 * Math.sqrt(2), -2, push(h, sell(BASE + 3 * SEC, 100, 1)), "two pairs");
        // pairs (+1,−1), (−1,+1), (+1,−1): x̄ = 1/3, ȳ = −1/3, Σxy = −3: cov = (−3 − 3·(1/3)(−1/3)) / 2 = −4/3
        assertSpread(2 * Math.sqrt(4 / 3.0), -4 / 3.0, push(h, buy(BASE + 4 * SEC, 101, 1)), "three pairs");
    }

    @Test
    void aTrendHasNoSpread() {
        FeatureTestHarness h = FeatureTestHarness.of(roll("1m"));
        push(h, buy(BASE, 100, 1));
        push(h, buy(BASE + SEC, 101, 1));
        push(h, buy(BASE + 2 * SEC, 102, 1));
        // pairs (1, 1), (1, 1): covariance 0, not negative: NaN spread
        assertSpread(Double.NaN, 0, push(h, buy(BASE + 3 * SEC, 103, 0)), "constant changes");
        // pairs (1,1), (1,1), (2,1): x̄ = 4/3, ȳ = 1: cov = (4 − 3·4/3) / 2 = 0
        assertSpread(Double.NaN, 0, push(h, buy(BASE + 4 * SEC, 105, 1)), "positive-or-zero covariance");
    }

    @Test
    void onlyTriplesInsideTheWindowCount() {
        FeatureTestHarness h = FeatureTestHarness.of(roll("10s"));
        push(h, buy(BASE, 100, 1));
        push(h, buy(BASE + 5 * SEC, 101, 1));
        push(h, buy(BASE + 10 * SEC, 100, 1));
        // at 10 s (a tie), the first trade is exactly 10 s old and stays: prices 100 101 100 101, cov −2
        assertSpread(2 * Math.sqrt(2), -2, push(h, buy(BASE + 10 * SEC, 101, 1)), "boundary tie");
        // at 15 s the first trade left: prices 101 100 101 100, pairs (−1, 1), (1, −1): cov −2 (with it: −4/3)
        assertSpread(2 * Math.sqrt(2), -2, push(h, buy(BASE + 15 * SEC, 100, 1)), "first trade left");
        // at 25 s + 1 ns: prices 100 (at 15 s) and 103: no pair
        assertSpread(Double.NaN, Double.NaN, push(h, buy(BASE + 25 * SEC + 1, 103, 1)), "too few trades left");
    }

    /** The sample autocovariance of the price changes of the trades j ≤ i with t_i − t_j ≤ w, two-pass. */
    static double naiveCov(List<Trade> in, int i, long w) {
        List<Double> p = new ArrayList<>();
        for (int j = 0; j <= i; j++) {
            if (in.get(i).ts() - in.get(j).ts() <= w) {
                p.add(in.get(j).price());
            }
        }
        int n = p.size() - 2;
        if (n < 2) {
            return Double.NaN;
        }
        double[] x = new double[n], y = new double[n];
        double mx = 0, my = 0;
        for (int k = 0; k < n; k++) {
            x[k] = p.get(k + 2) - p.get(k + 1);
            y[k] = p.get(k + 1) - p.get(k);
            mx += x[k] / n;
            my += y[k] / n;
        }
        double c = 0;
        for (int k = 0; k < n; k++) {
            c += (x[k] - mx) * (y[k] - my);
        }
        return c / (n - 1);
    }

    @Property(tries = 200)
    void slidingEqualsRecomputationAtEveryTrade(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long w = (1 + r.nextInt(10)) * SEC;
        List<Trade> in = FlowEvents.randomTrades(r, n, 1200 * FlowEvents.MS);
        FeatureTestHarness h = FeatureTestHarness.of(roll(w / SEC + "s"));
        for (int i = 0; i < n; i++) {
            double cov = naiveCov(in, i, w);
            double[] v = push(h, in.get(i));
            assertTrue(FlowEvents.close(cov, v[1], 1e-9, 1e-12), "trade " + i + ": cov " + cov + " vs " + v[1]);
            if (Math.abs(cov) > 1e-10) { // the sign is clear
                assertTrue(FlowEvents.close(cov < 0 ? 2 * Math.sqrt(-cov) : Double.NaN, v[0], 1e-9, 1e-12), "trade " + i + ": spread " + v[0]);
            }
        }
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() {
        List<Trade> in = FlowEvents.randomTrades(new SplittableRandom(3), 2000, 300 * FlowEvents.MS);
        for (int split : new int[] {1, 500, 1500}) {
            FeatureTestHarness a = FeatureTestHarness.of(roll("5s"));
            a.pushAll(in.subList(0, split));
            FeatureTestHarness b = a.restoredCopy();
            assertEquals(a.pushAll(in.subList(split, in.size())), b.pushAll(in.subList(split, in.size())));
        }
    }
}

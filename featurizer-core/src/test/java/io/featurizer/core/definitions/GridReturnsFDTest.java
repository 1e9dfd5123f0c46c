package io.featurizer.core.definitions;

import io.featurizer.core.config.ConfigException;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.core.definitions.CrossInputs.A;
import static io.featurizer.core.definitions.CrossInputs.B;
import static io.featurizer.core.definitions.CrossInputs.In;
import static io.featurizer.core.definitions.TestEvents.BASE;
import static io.featurizer.core.definitions.TestEvents.RECEIPT_LAG;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cross.correlation, cross.beta and cross.lead_lag: hand-computed values, a naive reference, timing, snapshots. */
class GridReturnsFDTest {
    static Feature stat(String name, Map<String, ?> params) {
        return Features.feature(name, params, A, B);
    }

    /** Prices of each side at whole seconds from BASE, with the given log returns; then one closing input. */
    static List<In> fromReturns(double[] ra, double[] rb) {
        List<In> out = new ArrayList<>();
        double a = 100;
        double b = 200;
        for (int k = 0; k <= ra.length; k++) {
            if (k > 0) {
                a *= Math.exp(ra[k - 1]);
                b *= Math.exp(rb[k - 1]);
            }
            long t = BASE + k * SEC;
            out.add(new In(0, t, t + RECEIPT_LAG, a));
            out.add(new In(1, t, t + RECEIPT_LAG, b));
        }
        long end = BASE + (ra.length + 1) * SEC; // closes the last grid point
        out.add(new In(0, end, end + RECEIPT_LAG, a));
        return out;
    }

    @Test
    void handComputedCorrelationAndBeta() {
        // returns a = (1, 2, 3, 0)%, b = (1, 3, 2, 0)%; window 3 grid steps of 1s
        List<In> in = fromReturns(new double[] {0.01, 0.02, 0.03, 0}, new double[] {0.01, 0.03, 0.02, 0});
        Map<String, String> p = Map.of("interval", "1s", "window", "3s");
        List<Event> corr = CrossInputs.run(stat("cross.correlation", p), in);
        List<Event> beta = CrossInputs.run(stat("cross.beta", p), in);
        // grid point BASE+2s: pairs (1,1), (2,3): both rise together, correlation 1; beta = cov/var(b) = (2·0.5·1)/(2·1²) = 0.5
        // BASE+3s: deviations a (−1, 0, 1), b (−1, 1, 0): correlation 1/2, beta 1/2
        // BASE+4s: a (2, 3, 0), b (3, 2, 0), deviations in 1/300: a (1, 4, −5), b (4, 1, −5): 33/42 for both
        assertEquals(3, corr.size(), corr.toString());
        assertEquals(List.of(BASE + 2 * SEC, BASE + 3 * SEC, BASE + 4 * SEC), corr.stream().map(Event::ts).toList());
        // a grid point is closed by the first input after it: BASE+3s by the inputs at BASE+3s (+1 receipt lag) ... its receipt time
        assertEquals(BASE + 3 * SEC + RECEIPT_LAG, corr.get(0).receiptTs());
        assertEquals(1.0, corr.get(0).getDouble(0), 1e-12);
        assertEquals(0.5, corr.get(1).getDouble(0), 1e-9);
        assertEquals(33.0 / 42, corr.get(2).getDouble(0), 1e-9);
        assertEquals(List.of(BASE + 2 * SEC, BASE + 3 * SEC, BASE + 4 * SEC), beta.stream().map(Event::ts).toList());
        assertEquals(0.5, beta.get(0).getDouble(0), 1e-9);
        assertEquals(0.5, beta.get(1).getDouble(0), 1e-9);
        assertEquals(33.0 / 42, beta.get(2).getDouble(0), 1e-9);
    }

    @Test
    void perfectRelationsGiveOneMinusOneAndTheRatio() {
        double[] rb = {0.01, -0.02, 0.015, 0.03, -0.01, 0.005};
        double[] twice = new double[rb.length];
        double[] minus = new double[rb.length];
        for (int i = 0; i < rb.length; i++) {
            twice[i] = 2 * rb[i];
            minus[i] = -rb[i];
        }
        Map<String, String> p = Map.of("interval", "1s", "window", "4s");
        List<Event> beta = CrossInputs.run(stat("cross.beta", p), fromReturns(twice, rb));
        List<Event> corr = CrossInputs.run(stat("cross.correlation", p), fromReturns(minus, rb));
        assertEquals(rb.length - 1, beta.size()); // from the second return on
        beta.forEach(e -> assertEquals(2.0, e.getDouble(0), 1e-9));
        corr.forEach(e -> assertEquals(-1.0, e.getDouble(0), 1e-9));
    }

    @Test
    void leadLagFindsTheStepByWhichALeads() {
        double[] ra = {0.01, -0.02, 0.015, 0.03, -0.01, 0.005, 0.02, -0.015};
        double[] rb = new double[ra.length];
        for (int i = 1; i < ra.length; i++) {
            rb[i] = ra[i - 1]; // B repeats A's return one step later
        }
        List<Event> out = CrossInputs.run(stat("cross.lead_lag", Map.of("interval", "1s", "window", "4s", "max_lag", 2)), fromReturns(ra, rb));
        Event last = out.get(out.size() - 1);
        assertEquals(5, last.arrayLength(LeadLagFD.CORRELATIONS)); // lags -2..2
        assertEquals(1.0, last.getArray(LeadLagFD.CORRELATIONS)[3], 1e-9); // lag +1
        assertEquals(1, last.getLong(LeadLagFD.BEST_LAG));
        assertEquals(1.0, last.getDouble(LeadLagFD.BEST_CORRELATION), 1e-9);
        assertTrue(Math.abs(last.getArray(LeadLagFD.CORRELATIONS)[2]) < 0.9, "lag 0 is weaker");
    }

    @Test
    void inputsAtAGridPointCountForIt() {
        Map<String, String> p = Map.of("interval", "1s", "window", "2s");
        // A and B move at BASE+1s exactly: that value is the sample at BASE+1s, closed by an input 1 ns later
        List<In> in = List.of(new In(0, BASE, BASE + 5, 100), new In(1, BASE, BASE + 6, 100),
                new In(0, BASE + SEC, BASE + SEC + 5, 110), new In(1, BASE + SEC, BASE + SEC + 6, 105),
                new In(0, BASE + SEC + 1, BASE + SEC + 7, 110),
                new In(0, BASE + 2 * SEC, BASE + 2 * SEC + 5, 99), new In(1, BASE + 2 * SEC, BASE + 2 * SEC + 6, 103),
                new In(1, BASE + 3 * SEC, BASE + 3 * SEC + 19, 103)); // at BASE+3s: closes BASE+2s, not yet BASE+3s
        List<Event> beta = CrossInputs.run(stat("cross.beta", p), in);
        assertEquals(1, beta.size());
        assertEquals(BASE + 2 * SEC, beta.get(0).ts());
        assertEquals(BASE + 3 * SEC + 19, beta.get(0).receiptTs());
        double a1 = Math.log(110 / 100.0);
        double a2 = Math.log(99 / 110.0);
        double b1 = Math.log(105 / 100.0);
        double b2 = Math.log(103 / 105.0);
        assertEquals((a1 - a2) / (b1 - b2), beta.get(0).getDouble(0), 1e-9); // two points: the slope through them
    }

    @Test
    void equalsTheNaiveReferenceOnRandomInputs() {
        for (long seed = 0; seed < 20; seed++) {
            List<In> in = CrossInputs.randomInputs(new Random(seed), 3000, BASE + 123, 700_000_000L);
            Map<String, String> p = Map.of("interval", "1s", "window", "10s");
            CrossInputs.assertSingleValues(CrossInputs.expected(in, SEC, 10, false), CrossInputs.run(stat("cross.correlation", p), in), 1e-9);
            CrossInputs.assertSingleValues(CrossInputs.expected(in, SEC, 10, true), CrossInputs.run(stat("cross.beta", p), in), 1e-9);
            checkLeadLag(in, 3);
        }
    }

    static void checkLeadLag(List<In> in, int maxLag) {
        List<Event> out = CrossInputs.run(stat("cross.lead_lag", Map.of("interval", "1s", "window", "10s", "max_lag", maxLag)), in);
        List<CrossInputs.GridPoint> g = CrossInputs.grid(in, SEC);
        int o = 0;
        for (int k = 0; k < g.size(); k++) {
            double[] c = new double[2 * maxLag + 1];
            boolean any = false;
            for (int lag = -maxLag; lag <= maxLag; lag++) {
                c[lag + maxLag] = CrossInputs.correlation(CrossInputs.pairs(g, k, 10, lag));
                any |= !Double.isNaN(c[lag + maxLag]);
            }
            if (!any) {
                continue;
            }
            Event e = out.get(o++);
            assertEquals(g.get(k).ts(), e.ts());
            double[] got = e.getArray(LeadLagFD.CORRELATIONS);
            for (int j = 0; j < c.length; j++) {
                assertEquals(c[j], got[j], 1e-9, "lag " + (j - maxLag) + " at " + k);
            }
            double best = Double.NaN;
            for (double v : c) {
                best = Double.isNaN(v) ? best : Double.isNaN(best) ? v : Math.max(Math.abs(best), Math.abs(v)) == Math.abs(v) ? v : best;
            }
            assertEquals(Math.abs(best), Math.abs(e.getDouble(LeadLagFD.BEST_CORRELATION)), 1e-9);
        }
        assertEquals(o, out.size());
    }

    @Test
    void snapshotAtARandomPointContinuesIdentically() {
        Random rnd = new Random(7);
        for (String def : List.of("cross.correlation", "cross.beta", "cross.lead_lag")) {
            for (int round = 0; round < 5; round++) {
                List<In> in = CrossInputs.randomInputs(rnd, 2000, BASE, 500_000_000L);
                Feature f = stat(def, Map.of("interval", "1s", "window", "20s"));
                int cut = rnd.nextInt(in.size());
                FeatureTestHarness whole = FeatureTestHarness.of(f);
                FeatureTestHarness first = FeatureTestHarness.of(f);
                for (int i = 0; i < in.size(); i++) {
                    whole.push(in.get(i).input(), in.get(i).event());
                    if (i < cut) {
                        first.push(in.get(i).input(), in.get(i).event());
                    }
                }
                FeatureTestHarness restored = first.restoredCopy();
                List<Event> after = new ArrayList<>();
                for (int i = cut; i < in.size(); i++) {
                    after.addAll(restored.push(in.get(i).input(), in.get(i).event()));
                }
                List<Event> expected = whole.outputs().subList(first.outputs().size(), whole.outputs().size());
                assertTrue(whole.outputs().size() > 50, def);
                assertEquals(expected, after, def + " cut at " + cut);
            }
        }
    }

    @Test
    void badParams() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stat("cross.correlation", Map.of("interval", "1s", "window", "2500ms")));
        assertTrue(e.getMessage().contains("param 'window': 2500ms is not a multiple of interval 1s"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> stat("cross.lead_lag", Map.of("max_lag", 0)));
        assertTrue(e.getMessage().contains("a positive number of grid steps"), e.getMessage());
        ConfigException c = assertThrows(ConfigException.class, () -> FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: cross.beta
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: ETH-USDT}]
                """, "b.yaml"));
        assertTrue(c.getMessage().contains("needs data_source entry #1"), c.getMessage());
    }

    @Test
    void lookbackCoversTheWindowTheLagsAndOneInterval() {
        assertEquals(10 * SEC + 4 * SEC, stat("cross.lead_lag", Map.of("interval", "1s", "window", "10s", "max_lag", 3)).totalLookbackNanos()
                - A.totalLookbackNanos());
        assertEquals(5 * 60 * SEC + SEC, ((GridReturnsFD) stat("cross.beta", Map.of()).definition()).lookbackNanos(stat("cross.beta", Map.of()).params()));
    }
}

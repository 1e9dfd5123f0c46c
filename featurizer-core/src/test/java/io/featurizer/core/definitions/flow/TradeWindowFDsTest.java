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

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.flow.FlowEvents.BASE;
import static io.featurizer.core.definitions.flow.FlowEvents.SEC;
import static io.featurizer.core.definitions.flow.FlowEvents.buy;
import static io.featurizer.core.definitions.flow.FlowEvents.sell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** flow.signed_volume, trade_count, arrival_rate, trade_count_imbalance and vwap against hand values and a naive recomputation. */
class TradeWindowFDsTest {
    static final String[] NAMES = {"flow.signed_volume", "flow.trade_count", "flow.arrival_rate", "flow.trade_count_imbalance", "flow.vwap"};

    static Feature feature(String name, String window) {
        return Features.feature(name, Map.of("window", window), FlowEvents.trades());
    }

    /** One harness per definition; each push returns the five values (one output per trade, timed like it). */
    static final class Five {
        final FeatureTestHarness[] h = new FeatureTestHarness[NAMES.length];

        Five(String window) {
            for (int i = 0; i < NAMES.length; i++) {
                h[i] = FeatureTestHarness.of(feature(NAMES[i], window));
            }
        }

        double[] push(Trade t) {
            double[] v = new double[NAMES.length];
            for (int i = 0; i < NAMES.length; i++) {
                List<Event> out = h[i].push(0, t);
                assertEquals(1, out.size(), NAMES[i] + ": one output per trade");
                assertEquals(t.ts(), out.get(0).ts());
                assertEquals(t.receiptTs(), out.get(0).receiptTs());
                v[i] = out.get(0).getDouble(0);
            }
            return v;
        }
    }

    static void assertValues(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertTrue(FlowEvents.close(expected[i], actual[i], 1e-12, 1e-12), what + ", " + NAMES[i] + ": expected " + expected[i] + " got " + actual[i]);
        }
    }

    @Test
    void handComputedOverATenSecondWindow() {
        Five f = new Five("10s");
        // order: signed volume, count, rate (count / 10 s), count imbalance, vwap
        assertValues(new double[] {2, 1, 0.1, 1, 100}, f.push(buy(BASE, 100, 2)), "one trade in the window");
        assertValues(new double[] {1, 2, 0.2, 0, 301 / 3.0}, f.push(sell(BASE + 3 * SEC, 101, 1)), "buy 2 @100, sell 1 @101");
        // a zero-volume buy counts as a trade and adds no volume; the first trade is exactly 10 s old and stays
        assertValues(new double[] {1, 3, 0.3, 1 / 3.0, 301 / 3.0}, f.push(buy(BASE + 10 * SEC, 99, 0)), "zero volume, boundary tie");
        assertValues(new double[] {-2, 4, 0.4, 0, 601 / 6.0}, f.push(sell(BASE + 10 * SEC, 100, 3)), "same time as the previous trade");
        // 10 s + 1 ns after the first trade: it left; sell 1 @101, buy 0 @99, sell 3 @100, buy 1 @102
        assertValues(new double[] {-3, 4, 0.4, 0, 503 / 5.0}, f.push(buy(BASE + 10 * SEC + 1, 102, 1)), "the first trade left");
        // 60 s later the window holds one zero-volume trade: no volume, so no VWAP
        assertValues(new double[] {0, 1, 0.1, -1, Double.NaN}, f.push(sell(BASE + 70 * SEC, 100, 0)), "only zero volume");
    }

    @Test
    void aWindowLongerThanTheDataHoldsEveryTrade() {
        Five f = new Five("1d");
        f.push(buy(BASE, 100, 2));
        f.push(sell(BASE + 3 * SEC, 101, 1));
        f.push(buy(BASE + 10 * SEC, 99, 0));
        f.push(sell(BASE + 10 * SEC, 100, 3));
        // every trade: signed 2 − 1 + 0 − 3 + 1, five trades in 86 400 s, 3 buys 2 sells, notional 200+101+300+102 over 7
        assertValues(new double[] {-1, 5, 5 / 86_400.0, 1 / 5.0, 703 / 7.0}, f.push(buy(BASE + 40 * SEC, 102, 1)), "1d window");
    }

    @Test
    void rejectsABadWindowWithTheParamName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Features.feature("flow.vwap", Map.of("windw", "1m"), FlowEvents.trades()));
        assertTrue(e.getMessage().contains("window"), e.getMessage());
    }

    /** The five values at trade i, recomputed from every trade j ≤ i with t_i − t_j ≤ w. */
    static double[] naive(List<Trade> in, int i, long w) {
        long t = in.get(i).ts();
        double signed = 0, volume = 0, notional = 0;
        int buys = 0, sells = 0;
        for (int j = 0; j <= i; j++) {
            Trade x = in.get(j);
            if (t - x.ts() <= w) {
                signed += x.isBuy() ? x.amount() : -x.amount();
                volume += x.amount();
                notional += x.price() * x.amount();
                if (x.isBuy()) {
                    buys++;
                } else {
                    sells++;
                }
            }
        }
        return new double[] {signed, buys + sells, (buys + sells) / (w / 1e9), (buys - sells) / (double) (buys + sells),
                volume == 0 ? Double.NaN : notional / volume};
    }

    /**
     * The five in one graph share one window per (trades, window length): two lengths here, so two shared windows of three
     * and two readers. Every output at every trade equals the naive recomputation, and a snapshot taken at a random trade,
     * restored into a new graph, continues the same.
     */
    @Property(tries = 200)
    void sharedWindowsEqualRecomputationAndRestoreAnywhere(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] windowOf = {"2s", "5s", "2s", "5s", "2s"}; // signed volume, count, rate, count imbalance, vwap
        List<Feature> features = new java.util.ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) {
            features.add(feature(NAMES[i], windowOf[i]));
        }
        List<Trade> in = FlowEvents.randomTrades(r, n, 1500 * FlowEvents.MS);
        int cut = r.nextInt(n + 1);
        io.featurizer.core.graph.FeatureStreamGraph g = graph(features, null);
        double[] values = new double[NAMES.length];
        int[] outputs = new int[1];
        for (int i = 0; i < n; i++) {
            if (i == cut) {
                g = graph(features, g.snapshot());
            }
            java.util.Arrays.fill(values, Double.MIN_VALUE);
            outputs[0] = 0;
            for (int f = 0; f < NAMES.length; f++) {
                int at = f;
                g.setCallback(features.get(f), (feature, e) -> {
                    values[at] = e.getDouble(0);
                    outputs[0]++;
                });
            }
            g.emit(FlowEvents.trades(), in.get(i));
            assertEquals(NAMES.length, outputs[0], "one output per feature at trade " + i);
            for (int f = 0; f < NAMES.length; f++) {
                long w = Long.parseLong(windowOf[f].substring(0, 1)) * SEC;
                double expected = naive(in, i, w)[f];
                assertTrue(FlowEvents.close(expected, values[f], 1e-12, 1e-12),
                        NAMES[f] + " over " + windowOf[f] + " at trade " + i + " (cut " + cut + "): expected " + expected + " got " + values[f]);
            }
        }
    }

    private static io.featurizer.core.graph.FeatureStreamGraph graph(List<Feature> features, byte[] snapshot) {
        io.featurizer.core.graph.FeatureStreamGraph g = io.featurizer.core.graph.FeatureStreamGraph.builder(features).build();
        if (snapshot != null) {
            g.restore(snapshot);
        }
        return g;
    }

    @Property(tries = 200)
    void slidingEqualsRecomputationAtEveryTrade(@ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] windows = {"1s", "2s", "5s", "30s"};
        String window = windows[r.nextInt(windows.length)];
        long w = Long.parseLong(window.substring(0, window.length() - 1)) * SEC;
        List<Trade> in = FlowEvents.randomTrades(r, n, 1500 * FlowEvents.MS);
        Five f = new Five(window);
        for (int i = 0; i < n; i++) {
            assertValues(naive(in, i, w), f.push(in.get(i)), window + ", trade " + i);
        }
    }
}

package io.featurizer.core.definitions.bars;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
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

import static io.featurizer.core.definitions.bars.BarInputs.BASE;
import static io.featurizer.core.definitions.bars.BarInputs.SEC;
import static io.featurizer.core.definitions.bars.BarInputs.bar;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parkinson, Garman-Klass and Yang-Zhang against their formulas written out over the last n bars. */
class RangeVolatilityTest {
    private static final Feature TICK_BARS = BarInputs.bars("bars.tick", Map.of("ticks", 10));
    private static final double LN2 = Math.log(2);

    private static Feature estimator(String name, int bars) {
        return Features.feature(name, Map.of("bars", bars), TICK_BARS);
    }

    private static double variance(Event e) {
        return RangeVolatilityFD.VARIANCE.get(e);
    }

    /** Parkinson over bars [from, to]: mean of (ln H/L)² / (4 ln 2). */
    static double parkinson(List<FeatureEvent> b, int from, int to) {
        double s = 0;
        for (int i = from; i <= to; i++) {
            double u = Math.log(BarSchema.HIGH.get(b.get(i)) / BarSchema.LOW.get(b.get(i)));
            s += u * u / (4 * LN2);
        }
        return s / (to - from + 1);
    }

    /** Garman-Klass over bars [from, to]: mean of ½(ln H/L)² − (2 ln 2 − 1)(ln C/O)². */
    static double garmanKlass(List<FeatureEvent> b, int from, int to) {
        double s = 0;
        for (int i = from; i <= to; i++) {
            double u = Math.log(BarSchema.HIGH.get(b.get(i)) / BarSchema.LOW.get(b.get(i)));
            double c = Math.log(BarSchema.CLOSE.get(b.get(i)) / BarSchema.OPEN.get(b.get(i)));
            s += 0.5 * u * u - (2 * LN2 - 1) * c * c;
        }
        return s / (to - from + 1);
    }

    /** Yang-Zhang over bars [from, to] (from ≥ 1: bar from − 1 gives the first previous close), two-pass variances. */
    static double yangZhang(List<FeatureEvent> b, int from, int to) {
        int n = to - from + 1;
        double[] o = new double[n], c = new double[n];
        double rs = 0, mo = 0, mc = 0;
        for (int i = 0; i < n; i++) {
            Event bar = b.get(from + i);
            double open = BarSchema.OPEN.get(bar), high = BarSchema.HIGH.get(bar), low = BarSchema.LOW.get(bar), close = BarSchema.CLOSE.get(bar);
            o[i] = Math.log(open / BarSchema.CLOSE.get(b.get(from + i - 1)));
            c[i] = Math.log(close / open);
            rs += Math.log(high / close) * Math.log(high / open) + Math.log(low / close) * Math.log(low / open);
            mo += o[i] / n;
            mc += c[i] / n;
        }
        double vo = 0, vc = 0;
        for (int i = 0; i < n; i++) {
            vo += (o[i] - mo) * (o[i] - mo) / (n - 1);
            vc += (c[i] - mc) * (c[i] - mc) / (n - 1);
        }
        double k = 0.34 / (1.34 + (n + 1.0) / (n - 1.0));
        return vo + k * vc + (1 - k) * rs / n;
    }

    @Test
    void parkinsonByHand() {
        // log ranges 0.1 and 0.2: (0.01 + 0.04) / 2 / (4 ln 2)
        List<Event> out = FeatureTestHarness.of(estimator("returns.parkinson", 2)).pushAll(List.of(
                bar(BASE, 100, 100 * Math.exp(0.1), 100, 100), bar(BASE + SEC, 100, 100 * Math.exp(0.2), 100, 101)));
        assertEquals(1, out.size(), "one bar: the 2-bar window is not full yet");
        assertEquals(0.025 / (4 * LN2), variance(out.get(0)), 1e-15);
        assertEquals(Math.sqrt(0.025 / (4 * LN2)), RangeVolatilityFD.VOLATILITY.get(out.get(0)), 1e-15);
        assertEquals(BASE + SEC, out.get(0).ts(), "timed at the bar that completed the window");
    }

    @Test
    void garmanKlassOfOneBarByHand() {
        // u = ln(110/90), c = ln(105/100): ½u² − (2 ln 2 − 1)c²
        List<Event> out = FeatureTestHarness.of(estimator("returns.garman_klass", 1)).pushAll(List.of(bar(BASE, 100, 110, 90, 105)));
        double u = Math.log(110 / 90.0), c = Math.log(1.05);
        assertEquals(0.5 * u * u - (2 * LN2 - 1) * c * c, variance(out.get(0)), 1e-15);
    }

    @Test
    void yangZhangOfFlatBarsWithJumpsByHand() {
        // flat bars at 100, 110, 99 (open = high = low = close): bodies and Rogers-Satchell terms are 0, the open jumps are
        // ln 1.1 and ln 0.9; with n = 2 their sample variance is (ln 1.1 − ln 0.9)² / 2
        List<Event> out = FeatureTestHarness.of(estimator("returns.yang_zhang", 2)).pushAll(List.of(
                bar(BASE, 100, 100, 100, 100), bar(BASE + SEC, 110, 110, 110, 110), bar(BASE + 2 * SEC, 99, 99, 99, 99)));
        assertEquals(1, out.size(), "the first bar only gives a previous close; the second fills one of the two");
        double d = Math.log(1.1) - Math.log(0.9);
        assertEquals(d * d / 2, variance(out.get(0)), 1e-12);
    }

    @Test
    void aWindowLongerThanTheDataEmitsNothingAndFlatBarsGiveZero() {
        List<FeatureEvent> bars = BarInputs.randomBars(new SplittableRandom(1), 5);
        for (String name : List.of("returns.parkinson", "returns.garman_klass", "returns.yang_zhang")) {
            assertEquals(List.of(), FeatureTestHarness.of(estimator(name, 20)).pushAll(bars), name);
            List<Event> flat = FeatureTestHarness.of(estimator(name, 2)).pushAll(List.of(bar(BASE, 5, 5, 5, 5), bar(BASE + 1, 5, 5, 5, 5),
                    bar(BASE + 2, 5, 5, 5, 5)));
            assertEquals(0.0, variance(flat.get(flat.size() - 1)), 0, name);
        }
    }

    @Test
    void onlyBarFeaturesAndWindowsTheEstimatorIsDefinedFor() {
        Feature mid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of(),
                Features.l2Book("BINANCE", "spot", "BTC-USDT")));
        String e = assertThrows(IllegalArgumentException.class, () -> Features.feature("returns.parkinson", Map.of(), mid)).getMessage();
        assertTrue(e.contains("bar feature"), e);
        e = assertThrows(IllegalArgumentException.class, () -> estimator("returns.yang_zhang", 1)).getMessage();
        assertTrue(e.contains(">= 2"), e);
        Features.feature("returns.garman_klass", Map.of(), Features.feature("ohlcv.ohlcv_fd", Map.of(), BarInputs.TRADES)); // ohlcv bars fit
    }

    /** At every bar, the sliding result equals the formula over the last n bars recomputed from scratch. */
    @Property(tries = 240)
    void slidingEqualsRecomputation(@ForAll @IntRange(min = 0, max = 2) int which, @ForAll @IntRange(min = 2, max = 25) int n,
                                    @ForAll @IntRange(min = 0, max = 120) int count, @ForAll long seed) {
        String name = List.of("returns.parkinson", "returns.garman_klass", "returns.yang_zhang").get(which);
        List<FeatureEvent> bars = BarInputs.randomBars(new SplittableRandom(seed), count);
        FeatureTestHarness h = FeatureTestHarness.of(estimator(name, n));
        int first = which == 2 ? n : n - 1; // Yang-Zhang needs the close before the window
        for (int i = 0; i < count; i++) {
            List<Event> out = h.push(0, bars.get(i));
            if (i < first) {
                assertEquals(List.of(), out, name + " bar " + i);
                continue;
            }
            double expected = which == 0 ? parkinson(bars, i - n + 1, i) : which == 1 ? garmanKlass(bars, i - n + 1, i) : yangZhang(bars, i - n + 1, i);
            assertEquals(1, out.size());
            assertEquals(bars.get(i).ts(), out.get(0).ts());
            assertEquals(expected, variance(out.get(0)), 1e-10 * Math.abs(expected) + 1e-18, name + " bar " + i);
            assertEquals(Math.sqrt(Math.max(0, expected)), RangeVolatilityFD.VOLATILITY.get(out.get(0)), 1e-9 * Math.sqrt(Math.abs(expected)) + 1e-12);
        }
        if (count > 2) {
            int cut = new SplittableRandom(seed ^ 7).nextInt(count);
            FeatureTestHarness a = FeatureTestHarness.of(estimator(name, n));
            a.pushAll(bars.subList(0, cut));
            FeatureTestHarness b = a.restoredCopy();
            assertEquals(a.pushAll(bars.subList(cut, count)), b.pushAll(bars.subList(cut, count)), "restored at bar " + cut);
        }
    }
}

package io.featurizer.core.definitions.transforms;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.transforms.TransformInputs.BASE;
import static io.featurizer.core.definitions.transforms.TransformInputs.SEC;
import static io.featurizer.core.definitions.transforms.TransformInputs.transform;
import static io.featurizer.core.definitions.transforms.TransformInputs.value;
import static io.featurizer.core.definitions.transforms.TransformInputs.windowStart;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** zscore, minmax and quantile: values worked by hand, and at every input a recomputation over the window from scratch. */
class WindowedTransformsTest {
    private static double single(FeatureTestHarness h, long ts, double v, int field) {
        List<Event> out = h.push(0, value(ts, v));
        assertEquals(1, out.size(), "one output at " + ts);
        return out.get(0).getDouble(field);
    }

    @Test
    void zscoreByHand() {
        FeatureTestHarness h = FeatureTestHarness.of(transform("transforms.zscore", Map.of("window", "10s")));
        assertEquals(List.of(), h.push(0, value(BASE, 1)), "one value: no standard deviation");
        // {1, 3}: mean 2, sample std √2: (3 − 2)/√2
        assertEquals(1 / Math.sqrt(2), single(h, BASE + 5 * SEC, 3, 0), 1e-15);
        // exactly 10 s after the first, 1 is still in: {1, 3, 5}: mean 3, std 2 → (5 − 3)/2
        assertEquals(1.0, single(h, BASE + 10 * SEC, 5, 0), 1e-15);
        // 1 ns later 1 has left: {3, 5, 3}: mean 11/3, std √(4/3) → (3 − 11/3)/√(4/3)
        assertEquals((3 - 11 / 3.0) / Math.sqrt(4 / 3.0), single(h, BASE + 10 * SEC + 1, 3, 0), 1e-14);
        // a minute later alone again: nothing; then two equal values: std 0, nothing
        assertEquals(List.of(), h.push(0, value(BASE + 70 * SEC, 4)));
        assertEquals(List.of(), h.push(0, value(BASE + 71 * SEC, 4)));
    }

    @Test
    void minmaxByHand() {
        FeatureTestHarness h = FeatureTestHarness.of(transform("transforms.minmax", Map.of("window", "10s")));
        assertEquals(0.5, single(h, BASE, 7, 0), 0, "one value: max = min gives 0.5");
        assertEquals(1.0, single(h, BASE + SEC, 9, 0), 0);
        assertEquals(0.25, single(h, BASE + 2 * SEC, 7.5, 0), 0);
        assertEquals(0.0, single(h, BASE + 10 * SEC, 7, 0), 0, "the 7 at 0 s is still in, the new 7 is the min");
        // 7 at 0 s left; {9, 7.5, 7, 8}: (8 − 7)/(9 − 7)
        assertEquals(0.5, single(h, BASE + 10 * SEC + 1, 8, 0), 0);
        assertEquals(0.5, single(h, BASE + 60 * SEC, 100, 0), 0, "window longer than the data behind it: one value");
    }

    @Test
    void quantileAndRankByHand() {
        FeatureTestHarness h = FeatureTestHarness.of(transform("transforms.quantile", Map.of("window", "10s", "q", 0.25)));
        h.push(0, value(BASE, 2));
        h.push(0, value(BASE + 1, 4));
        h.push(0, value(BASE + 2, 1));
        List<Event> out = h.push(0, value(BASE + 3, 3));
        // sorted {1, 2, 3, 4}: h = 3·0.25 = 0.75 → 1 + 0.75·(2 − 1); rank of 3: third of four
        assertEquals(1.75, out.get(0).getDouble(0), 1e-15);
        assertEquals(0.75, out.get(0).getDouble(1), 0);
        out = h.push(0, value(BASE + 4, 2));
        // {1, 2, 2, 3, 4}: h = 1 → 2; the two 2s share ranks 2 and 3: 2.5 / 5
        assertEquals(2.0, out.get(0).getDouble(0), 0);
        assertEquals(0.5, out.get(0).getDouble(1), 0);
        FeatureTestHarness one = FeatureTestHarness.of(transform("transforms.quantile", Map.of("q", 1)));
        out = one.push(0, value(BASE, 42));
        assertEquals(42.0, out.get(0).getDouble(0), 0, "one value is every quantile");
        assertEquals(1.0, out.get(0).getDouble(1), 0, "and has rank 1");
        assertEquals(List.of(), one.push(0, value(BASE + 1, Double.NaN)), "NaN is skipped");
    }

    static double[] window(List<FeatureEvent> in, int i, long w) {
        int from = windowStart(in, i, w);
        double[] v = new double[i - from + 1];
        for (int j = from; j <= i; j++) {
            v[j - from] = in.get(j).getDouble(0);
        }
        return v;
    }

    static OptionalDouble zscore(double[] v) {
        int n = v.length;
        double mean = Arrays.stream(v).sum() / n;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        if (n < 2 || Arrays.stream(v).allMatch(x -> x == v[0])) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of((v[n - 1] - mean) / Math.sqrt(ss / (n - 1)));
    }

    static OptionalDouble minmax(double[] v) {
        double min = Arrays.stream(v).min().getAsDouble(), max = Arrays.stream(v).max().getAsDouble();
        return OptionalDouble.of(max == min ? 0.5 : (v[v.length - 1] - min) / (max - min));
    }

    static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = (s.length - 1) * q;
        int lo = (int) pos;
        return lo + 1 < s.length ? s[lo] + (pos - lo) * (s[lo + 1] - s[lo]) : s[lo];
    }

    static double rank(double[] v) {
        double x = v[v.length - 1];
        long less = Arrays.stream(v).filter(y -> y < x).count(), equal = Arrays.stream(v).filter(y -> y == x).count();
        return (less + (equal + 1) / 2.0) / v.length; // the average of ranks less+1 .. less+equal, over n
    }

    @Property(tries = 300)
    void slidingEqualsRecomputationAtEveryInput(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll @IntRange(min = 1, max = 30) int windowTenths,
                                                @ForAll @IntRange(min = 1, max = 300) int n, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FeatureEvent> in = TransformInputs.randomValues(r, n);
        long w = windowTenths * 100 * TransformInputs.MS;
        String window = windowTenths * 100 + "ms";
        double q = r.nextInt(5) == 0 ? r.nextInt(2) : r.nextDouble();
        Feature f = switch (which) {
            case 0 -> transform("transforms.zscore", Map.of("window", window));
            case 1 -> transform("transforms.minmax", Map.of("window", window));
            default -> transform("transforms.quantile", Map.of("window", window, "q", q));
        };
        TransformInputs.Reference ref = switch (which) {
            case 0 -> (v, i) -> zscore(window(v, i, w));
            case 1 -> (v, i) -> minmax(window(v, i, w));
            case 2 -> (v, i) -> OptionalDouble.of(quantile(window(v, i, w), q));
            default -> (v, i) -> OptionalDouble.of(rank(window(v, i, w)));
        };
        TransformInputs.assertMatches(f, which == 3 ? 1 : 0, in, ref, 1e-9, seed);
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.Params;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.featurizer.core.definitions.TestEvents.MS;
import static io.featurizer.core.definitions.TestEvents.SEC;
import static io.featurizer.core.definitions.TestEvents.assertClose;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SyntheticSineMidPriceTest {
    private static final Map<String, Object> SINE = Map.of("amplitude", 10.0, "mean", 100.0, "freq", 0.1);

    private static List<Event> generate(Map<String, ?> params, long start, long end) {
        List<Event> out = new ArrayList<>();
        Params p = Features.dataSource("synthetic.synthetic_sine_mid_price", params).params();
        SyntheticSineMidPrice.generate(p, start, end, e -> out.add(e.copy()));
        return out;
    }

    @Test
    void valuesOnTheOneSecondGridNearTheEpoch() {
        List<Event> out = generate(SINE, 5 * SEC + 300 * MS, 20 * SEC);
        assertEquals(15, out.size(), "t = 6s .. 20s inclusive");
        for (int i = 0; i < out.size(); i++) {
            long t = (6 + i) * SEC;
            Event e = out.get(i);
            assertEquals(t, e.ts());
            assertEquals(t, e.receiptTs());
            double seconds = t / 1e9;
            assertClose(10 * Math.sin(2 * Math.PI * 0.1 * seconds) + 100, e.getDouble(0), 0, 1e-9, "t=" + seconds + "s");
        }
        // by hand: t=10s is a whole period, sin(2π) = 0
        assertClose(100, out.get(4).getDouble(0), 0, 1e-9, "t=10s");
    }

    @Test
    void stepAsDurationOrSeconds() {
        Map<String, Object> p = new java.util.HashMap<>(SINE);
        p.put("step", "250ms");
        List<Event> out = generate(p, 12 * SEC, 13 * SEC);
        assertEquals(5, out.size(), "12.00, 12.25, 12.50, 12.75, 13.00");
        assertEquals(12 * SEC + 500 * MS, out.get(2).ts());
        // t=12.5s: 10·sin(2π·0.1·12.5) + 100 = 10·sin(2.5π) + 100 = 110
        assertClose(110, out.get(2).getDouble(0), 0, 1e-9, "t=12.5s");
        // t=12.25s ... by Math.sin
        assertClose(10 * Math.sin(2 * Math.PI * 0.1 * 12.25) + 100, out.get(1).getDouble(0), 0, 1e-9, "t=12.25s");

        p.put("step", 0.5);
        out = generate(p, 12 * SEC + 1, 14 * SEC - 1);
        assertEquals(List.of(12 * SEC + 500 * MS, 13 * SEC, 13 * SEC + 500 * MS), out.stream().map(Event::ts).toList());
        // t=13.5s: sin(2.7π)
        assertClose(10 * Math.sin(2 * Math.PI * 0.1 * 13.5) + 100, out.get(2).getDouble(0), 0, 1e-9, "t=13.5s");
    }

    @Test
    void integerPeriodFarFromTheEpoch() {
        // freq 0.1 Hz: period 10s; at 2023 timestamps the phase is (t mod 10s) / 10s exactly
        Params p = Params.of(SINE);
        for (long t : new long[] {1_700_000_000_000_000_000L, 1_700_000_002_500_000_000L, 1_700_000_007_123_456_789L}) {
            double phase = (t % 10_000_000_000L) / 1e10;
            assertClose(10 * Math.sin(2 * Math.PI * phase) + 100, SyntheticSineMidPrice.valueAt(p, t), 0, 1e-9, "t=" + t);
        }
    }

    /**
     * A frequency whose period is not a whole number of nanoseconds (3 Hz: 333333333.33ns). The
     * phase freq·t (t in seconds) is exact in integers here: frac(3·t_ns/1e9) = ((t_ns mod 1e9)·3 mod 1e9)/1e9.
     */
    @Test
    void nonIntegerPeriodInNanoseconds() {
        Params p = Params.of(Map.of("amplitude", 10.0, "mean", 100.0, "freq", 3.0));
        long[] times = {17_123_456_789L, 1_700_000_000_123_456_789L, 1_700_000_040_250_000_000L};
        assertAll(java.util.Arrays.stream(times).mapToObj(t -> () -> {
            double phase = (double) (((t % 1_000_000_000L) * 3) % 1_000_000_000L) / 1e9;
            assertClose(10 * Math.sin(2 * Math.PI * phase) + 100, SyntheticSineMidPrice.valueAt(p, t), 0, 1e-9, "3 Hz at t=" + t + "ns");
        }));
    }

    @Test
    void generatingInTwoPartsEqualsOnePass() {
        long start = 1_700_000_000L * SEC + 123;
        List<Event> whole = generate(SINE, start, start + 100 * SEC);
        List<Event> parts = generate(SINE, start, start + 40 * SEC);
        parts.addAll(generate(SINE, start + 40 * SEC + 1, start + 100 * SEC));
        assertEquals(100, whole.size());
        assertEquals(whole, parts);
    }

    @Test
    void rejectsBadParams() {
        assertThrows(IllegalArgumentException.class, () -> Features.dataSource("synthetic.synthetic_sine_mid_price",
                Map.of("amplitude", 1.0, "mean", 1.0, "freq", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> Features.dataSource("synthetic.synthetic_sine_mid_price",
                Map.of("mean", 1.0, "freq", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> Features.dataSource("synthetic.synthetic_sine_mid_price",
                Map.of("amplitude", 1.0, "mean", 1.0, "freq", 1.0, "step", 0)));
    }

    private static Feature sineSource() {
        return Features.dataSource("synthetic.synthetic_sine_mid_price", SINE);
    }

    @Test
    void volatilityOfAFullPeriodIsAmplitudeOverSqrt2() {
        // step 1s, period 10s: a 9s window holds 10 samples = one full period; for equally spaced samples
        // of a whole period Σsin = 0 and Σsin² = N/2, so the population std is A/√2
        Feature vol = Features.feature("volatility.volatility_stddev_fd", Map.of("window", "9s", "dep_schema", "synthetic_sine"), sineSource());
        FeatureTestHarness h = FeatureTestHarness.of(vol);
        List<Event> out = h.pushAll(generate(SINE, 1_000 * SEC, 1_060 * SEC));
        assertEquals(61, out.size());
        for (int i = 9; i < out.size(); i++) {
            assertClose(10 / Math.sqrt(2), out.get(i).getDouble(0), 1e-9, 1e-9, "output " + i);
        }
    }

    @Test
    void restoredCopyOfFeaturesOverTheSourceContinuesLikeTheOriginal() {
        List<Event> in = generate(SINE, 1_700_000_000L * SEC, 1_700_000_000L * SEC + 600 * SEC);
        TestEvents.assertRestoreMatches(Features.feature("volatility.volatility_stddev_fd", Map.of("dep_schema", "synthetic_sine"), sineSource()), in);
        TestEvents.assertRestoreMatches(Features.feature("transforms.diff", Map.of("window", "5s"), sineSource()), in);
    }
}

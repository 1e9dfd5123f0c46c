package io.featurizer.core.definitions.transforms;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

import static io.featurizer.core.definitions.transforms.TransformInputs.BASE;
import static io.featurizer.core.definitions.transforms.TransformInputs.SEC;
import static io.featurizer.core.definitions.transforms.TransformInputs.transform;
import static io.featurizer.core.definitions.transforms.TransformInputs.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lag, pct_change and clip against values by hand and the plain look-back over the input list. */
class LagTransformsTest {
    private static List<Double> values(List<Event> out) {
        return out.stream().map(e -> e.getDouble(0)).toList();
    }

    @Test
    void lagByEventsAndAsOfADelay() {
        List<FeatureEvent> in = List.of(value(BASE, 1), value(BASE + SEC, 2), value(BASE + SEC, 3), value(BASE + 2 * SEC, 4), value(BASE + 2 * SEC + 1, 5));
        assertEquals(List.of(1.0, 2.0, 3.0), values(FeatureTestHarness.of(transform("transforms.lag", Map.of("events", 2))).pushAll(in)));
        // 1 s back from 1 s: as of 0 s → 1 (twice); from 2 s: as of 1 s, the last of the tie → 3; from 2 s + 1 ns → 3
        assertEquals(List.of(1.0, 1.0, 3.0, 3.0), values(FeatureTestHarness.of(transform("transforms.lag", Map.of("delay", "1s"))).pushAll(in)));
        assertEquals(List.of(), FeatureTestHarness.of(transform("transforms.lag", Map.of("delay", "1m"))).pushAll(in), "nothing that old yet");
        assertThrows(IllegalArgumentException.class, () -> transform("transforms.lag", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> transform("transforms.lag", Map.of("events", 1, "delay", "1s")));
    }

    @Test
    void pctChangeByHand() {
        List<FeatureEvent> in = List.of(value(BASE, 100), value(BASE + 1, 110), value(BASE + 2, 0), value(BASE + 3, 5), value(BASE + 4, 6));
        List<Event> out = FeatureTestHarness.of(transform("transforms.pct_change", Map.of())).pushAll(in);
        // 110/100 − 1, 0/110 − 1, nothing (from 0), 6/5 − 1
        assertEquals(3, out.size());
        assertEquals(0.1, out.get(0).getDouble(0), 1e-15);
        assertEquals(-1.0, out.get(1).getDouble(0), 0);
        assertEquals(0.2, out.get(2).getDouble(0), 1e-15);
        assertEquals(BASE + 4, out.get(2).ts());
    }

    @Test
    void clipByHand() {
        List<FeatureEvent> in = List.of(value(BASE, -5), value(BASE + 1, 0.5), value(BASE + 2, 7), value(BASE + 3, Double.NaN));
        List<Double> out = values(FeatureTestHarness.of(transform("transforms.clip", Map.of("lo", -1, "hi", 1))).pushAll(in));
        assertEquals(-1.0, out.get(0));
        assertEquals(0.5, out.get(1));
        assertEquals(1.0, out.get(2));
        assertTrue(Double.isNaN(out.get(3)), "NaN stays NaN");
        assertEquals(List.of(-5.0, 0.5, 2.0), values(FeatureTestHarness.of(transform("transforms.clip", Map.of("hi", 2))).pushAll(in)).subList(0, 3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> transform("transforms.clip", Map.of("lo", 2, "hi", 1))).getMessage().contains("above"));
        assertThrows(IllegalArgumentException.class, () -> transform("transforms.clip", Map.of()));
    }

    @Property(tries = 300)
    void equalTheLookBackOverTheInputs(@ForAll @IntRange(min = 0, max = 3) int which, @ForAll @IntRange(min = 1, max = 12) int k,
                                       @ForAll @IntRange(min = 1, max = 200) int n, @ForAll long seed) {
        List<FeatureEvent> in = TransformInputs.randomValues(new SplittableRandom(seed), n);
        long delay = k * 100 * TransformInputs.MS;
        Feature f = switch (which) {
            case 0 -> transform("transforms.lag", Map.of("events", k));
            case 1 -> transform("transforms.lag", Map.of("delay", k * 100 + "ms"));
            case 2 -> transform("transforms.pct_change", Map.of("periods", k));
            default -> transform("transforms.clip", Map.of("lo", k, "hi", 3 * k));
        };
        TransformInputs.Reference ref = switch (which) {
            case 0 -> (v, i) -> i >= k ? OptionalDouble.of(v.get(i - k).getDouble(0)) : OptionalDouble.empty();
            case 1 -> (v, i) -> {
                for (int j = i; j >= 0; j--) { // the last input at or before t − delay
                    if (v.get(j).ts() <= v.get(i).ts() - delay) {
                        return OptionalDouble.of(v.get(j).getDouble(0));
                    }
                }
                return OptionalDouble.empty();
            };
            case 2 -> (v, i) -> i >= k && v.get(i - k).getDouble(0) != 0
                    ? OptionalDouble.of(v.get(i).getDouble(0) / v.get(i - k).getDouble(0) - 1) : OptionalDouble.empty();
            default -> (v, i) -> OptionalDouble.of(Math.min(Math.max(v.get(i).getDouble(0), k), 3 * k));
        };
        TransformInputs.assertMatches(f, 0, in, ref, 0, seed);
    }
}

package io.featurizer.core.definitions.transforms;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
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

/** transforms.ewma against Σ wᵢxᵢ / Σ wᵢ with the weights written out. */
class EwmaFDTest {
    private static double push(FeatureTestHarness h, long ts, double v) {
        List<Event> out = h.push(0, value(ts, v));
        assertEquals(1, out.size());
        return out.get(0).getDouble(0);
    }

    @Test
    void eventHalfLifeByHand() {
        FeatureTestHarness h = FeatureTestHarness.of(transform("transforms.ewma", Map.of("half_life_events", 1)));
        assertEquals(1.0, push(h, BASE, 1), 0, "the first value is the mean");
        assertEquals((2 + 0.5 * 1) / 1.5, push(h, BASE, 2), 1e-15, "weights 1/2 and 1");
        assertEquals((4 + 0.5 * 2 + 0.25 * 1) / 1.75, push(h, BASE + 5 * SEC, 4), 1e-15, "time plays no part");
    }

    @Test
    void timeHalfLifeByHand() {
        FeatureTestHarness h = FeatureTestHarness.of(transform("transforms.ewma", Map.of("half_life", "1s")));
        assertEquals(1.0, push(h, BASE, 1), 0);
        assertEquals((2 + 0.5 * 1) / 1.5, push(h, BASE + SEC, 2), 1e-15, "one half-life later: weight 1/2");
        assertEquals((6 + 2 + 0.5 * 1) / 2.5, push(h, BASE + SEC, 6), 1e-15, "a tie: equal weights");
        assertEquals(10.0, push(h, BASE + 3_000 * SEC, 10), 1e-12, "after a long gap the past weighs nothing");
    }

    @Test
    void exactlyOneHalfLifeAndTheWholeHistory() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> transform("transforms.ewma", Map.of())).getMessage().contains("exactly one"));
        assertThrows(IllegalArgumentException.class, () -> transform("transforms.ewma", Map.of("half_life", "1s", "half_life_events", 3)));
        assertThrows(IllegalArgumentException.class, () -> transform("transforms.ewma", Map.of("half_life_events", 0)));
        Feature f = transform("transforms.ewma", Map.of("half_life", "1s"));
        assertEquals(FeatureDefinition.WHOLE_HISTORY, ((FeatureDefinition) f.definition()).lookbackNanos(f.params()));
    }

    /** Σ wⱼxⱼ / Σ wⱼ over j ≤ i, weights from the half-life directly. */
    static OptionalDouble reference(List<FeatureEvent> in, int i, boolean byTime, double halfLife) {
        double s = 0, w = 0;
        for (int j = 0; j <= i; j++) {
            double age = byTime ? (in.get(i).ts() - in.get(j).ts()) / 1e9 : i - j;
            double weight = Math.pow(0.5, age / halfLife);
            s += weight * in.get(j).getDouble(0);
            w += weight;
        }
        return OptionalDouble.of(s / w);
    }

    @Property(tries = 200)
    void equalsTheWeightedMeanWrittenOut(@ForAll boolean byTime, @ForAll @IntRange(min = 1, max = 40) int halfLifeTenths,
                                         @ForAll @IntRange(min = 1, max = 200) int n, @ForAll long seed) {
        List<FeatureEvent> in = TransformInputs.randomValues(new SplittableRandom(seed), n);
        double h = halfLifeTenths / 10.0;
        Feature f = byTime ? transform("transforms.ewma", Map.of("half_life", halfLifeTenths * 100 + "ms"))
                : transform("transforms.ewma", Map.of("half_life_events", h));
        TransformInputs.assertMatches(f, 0, in, (v, i) -> reference(v, i, byTime, h), 1e-9, seed);
    }
}

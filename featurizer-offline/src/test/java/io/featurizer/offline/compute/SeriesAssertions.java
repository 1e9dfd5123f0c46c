package io.featurizer.offline.compute;

import io.featurizer.core.feature.Feature;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Per-feature output series compared bit for bit, naming the feature and the first difference. */
final class SeriesAssertions {
    private SeriesAssertions() {
    }

    static void assertSameOutputs(List<Feature> features, List<FeatureSeries> expected, List<FeatureSeries> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int f = 0; f < expected.size(); f++) {
            FeatureSeries e = expected.get(f), a = actual.get(f);
            String feature = what + ", " + features.get(f).name();
            int n = Math.min(e.size(), a.size());
            for (int i = 0; i < n; i++) {
                if (!e.event(i).equals(a.event(i))) { // times and every value, bit for bit
                    throw new AssertionError(feature + ": first difference at output " + i + " of " + e.size() + "\nexpected " + e.event(i)
                            + "\nactual   " + a.event(i));
                }
            }
            assertEquals(e.size(), a.size(), feature + ": outputs");
        }
    }
}

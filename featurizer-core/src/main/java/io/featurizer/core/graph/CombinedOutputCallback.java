package io.featurizer.core.graph;

import io.featurizer.core.feature.GroupedNamedDataEvent;

/**
 * Receives combined feature vectors: exactly once per input event that changed at least one output
 * (after the whole input has propagated, never half-updated), or once per grid point when sampling
 * on a time grid; only once every output has a value unless the graph emits with missing values.
 * The grouped event is a view valid only during the call; {@code copy()} it to keep it.
 */
@FunctionalInterface
public interface CombinedOutputCallback {
    void onCombined(GroupedNamedDataEvent grouped);
}

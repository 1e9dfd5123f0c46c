package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;

/**
 * Receives every output of one feature, on the graph's thread, right after the operator emits it
 * and before the next operator runs. The event is a view valid only during the call; {@code copy()} it to keep it.
 */
@FunctionalInterface
public interface FeatureCallback {
    void onEvent(Feature feature, Event event);
}

package io.featurizer.core.emitter;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;

/**
 * Receives the events of one data source from an emitter, on the emitter's delivery thread (one
 * thread for all sources of an emitter, so a graph fed from it needs no locking). The event is a
 * view valid only during the call.
 */
@FunctionalInterface
public interface DataSourceCallback {
    void onEvent(Feature source, Event event);
}

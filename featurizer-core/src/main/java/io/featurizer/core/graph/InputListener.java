package io.featurizer.core.graph;

import io.featurizer.core.event.Event;

/**
 * Told of every input a {@link FeatureStreamGraph} processes, in processing order (after event-time ordering,
 * so a buffered input is reported when it is released), just before it propagates: outputs that fire
 * until the next call were produced by this input. {@code event} is a view valid for the call only.
 */
@FunctionalInterface
public interface InputListener {
    void onInput(int source, Event event);
}

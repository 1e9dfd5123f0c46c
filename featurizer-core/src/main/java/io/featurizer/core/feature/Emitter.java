package io.featurizer.core.feature;

import io.featurizer.core.event.Event;

/** Where an operator sends its outputs. The emitted event may be reused by the operator after the call returns. */
@FunctionalInterface
public interface Emitter {
    void emit(Event event);
}

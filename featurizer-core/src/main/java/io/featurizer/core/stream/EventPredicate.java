package io.featurizer.core.stream;

import io.featurizer.core.event.Event;

/** Keeps the events it accepts. */
@FunctionalInterface
public interface EventPredicate {
    boolean test(Event event);
}

package io.featurizer.storage;

import io.featurizer.core.event.Event;

/**
 * A forward-only read over stored events, in stored order. {@link #current()} is a view reused for
 * every event (see {@link Event}): valid until the next {@link #next()}; {@code copy()} it to keep it.
 */
public interface EventCursor extends AutoCloseable {
    /** Moves to the next event; false at the end. */
    boolean next();

    /** The event the cursor is on (a reused view). */
    Event current();

    @Override
    void close();
}

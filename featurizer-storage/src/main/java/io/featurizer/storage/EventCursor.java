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

    /**
     * The current event's ingestion sequence: the global number the recorder gave it when it was
     * accepted (live), or its ordinal in the vendor file (ingest). Replay merges sources by it.
     */
    long sequence();

    @Override
    void close();
}

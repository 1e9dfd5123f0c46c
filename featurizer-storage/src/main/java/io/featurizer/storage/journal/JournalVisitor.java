package io.featurizer.storage.journal;

import io.featurizer.core.event.Event;

/** Receives the events of a {@link Journal#replay} in sequence order. */
@FunctionalInterface
public interface JournalVisitor {
    /** One event; {@code event} is a view valid only during the call ({@code copy()} it to keep it). */
    void onEvent(JournalStream stream, long sequence, Event event);
}

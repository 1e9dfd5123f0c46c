package io.featurizer.storage.ingest;

import io.featurizer.core.event.Event;

/**
 * Receives the normalized events of a vendor file, in file order. {@code event} is a reused view (see
 * {@link Event}): valid only during the call, {@code copy()} it to keep it. {@code line} is the file line
 * where the event's rows start (for messages that name a place in the file).
 */
@FunctionalInterface
public interface IngestSink {
    void accept(VendorSource source, Event event, long line) throws java.io.IOException;
}

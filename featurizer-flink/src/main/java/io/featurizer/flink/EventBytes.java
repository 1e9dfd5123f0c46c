package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.Schema;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An event as bytes: the event's own {@link Event#write} form (times, then its schema's fields); the schema is
 * known from where the bytes travel (a source's rank, a feature's index), so nothing else is written.
 */
final class EventBytes {
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(buffer);

    byte[] encode(Event e) {
        buffer.reset();
        try {
            e.write(out);
            out.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return buffer.toByteArray();
    }

    static Event decode(byte[] bytes, Schema schema) {
        Event e = Events.newEvent(schema);
        decodeInto(bytes, e);
        return e;
    }

    static void decodeInto(byte[] bytes, Event into) {
        try {
            into.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException x) {
            throw new UncheckedIOException("a " + into.schema().name() + " event of " + bytes.length + " bytes does not decode", x);
        }
    }
}

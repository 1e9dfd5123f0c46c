package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.Schema;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An event as bytes: the event's own {@link Event#write} form (times, then its schema's fields); the schema is
 * known from where the bytes travel (a source's rank, a feature's index), so nothing else is written.
 */
final class EventBytes {
    private final DataOutputSerializer out = new DataOutputSerializer(256);

    byte[] encode(Event e) {
        out.clear();
        try {
            e.write(out);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return out.getCopyOfBuffer();
    }

    static Event decode(byte[] bytes, Schema schema) {
        Event e = Events.newEvent(schema);
        decodeInto(bytes, e);
        return e;
    }

    static void decodeInto(byte[] bytes, Event into) {
        try {
            into.read(new DataInputDeserializer(bytes));
        } catch (IOException x) {
            throw new UncheckedIOException("a " + into.schema().name() + " event of " + bytes.length + " bytes does not decode", x);
        }
    }
}

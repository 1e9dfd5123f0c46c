package io.featurizer.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.offline.VectorJsonLines;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The latest value of every output feature, for the pull API: written by the engine thread (one writer), read by
 * any HTTP thread. A value is replaced, as an immutable copy, only when the feature's event changed (new times or
 * new values), so each feature keeps the time and the input sequence of its own latest update.
 */
public final class LatestValues {
    /** A feature's latest event (a copy, never changed), the input sequence and vector number it first appeared in. */
    public record Value(Event event, long sequence, long vector) {
    }

    private final Feature[] features;
    private final String[][] keys;
    private final AtomicReferenceArray<Value> values;
    private final AtomicLongArray updates;

    LatestValues(List<Feature> features) {
        this.features = features.toArray(new Feature[0]);
        this.keys = new String[this.features.length][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = VectorJsonLines.columnKeys(this.features[i]);
        }
        this.values = new AtomicReferenceArray<>(this.features.length);
        this.updates = new AtomicLongArray(this.features.length);
    }

    /** On the engine thread. */
    void update(GroupedNamedDataEvent g, long sequence, long vector) {
        for (int i = 0; i < features.length; i++) {
            Event e = g.event(i);
            if (e == null) {
                continue;
            }
            Value before = values.getPlain(i); // the engine thread is the only writer
            if (before == null || before.event.ts() != e.ts() || before.event.receiptTs() != e.receiptTs() || !before.event.sameValues(e)) {
                values.setRelease(i, new Value(e.copy(), sequence, vector));
                updates.setRelease(i, updates.getPlain(i) + 1);
            }
        }
    }

    /** The latest value of the i-th output, or null before its first. */
    public Value get(int output) {
        return values.getAcquire(output);
    }

    /** How many times the i-th output's value changed. */
    public long updates(int output) {
        return updates.getAcquire(output);
    }

    /**
     * Writes one feature as {@code {"timestamp":..,"receipt_timestamp":..,"sequence":..,"vector":..,"{name}-{field}":..}}: the
     * times of the feature's own latest event; every field null before its first value.
     */
    void write(JsonGenerator json, int output) throws IOException {
        Value v = get(output);
        json.writeStartObject();
        if (v == null) {
            json.writeNullField("timestamp");
            json.writeNullField("receipt_timestamp");
            json.writeNullField("sequence");
            json.writeNullField("vector");
        } else {
            json.writeNumberField("timestamp", v.event.ts());
            json.writeNumberField("receipt_timestamp", v.event.receiptTs());
            json.writeNumberField("sequence", v.sequence);
            json.writeNumberField("vector", v.vector);
        }
        VectorJsonLines.writeFields(json, keys[output], v == null ? null : v.event, features[output].schema());
        json.writeEndObject();
    }
}

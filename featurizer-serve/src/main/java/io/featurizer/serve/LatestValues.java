package io.featurizer.serve;

import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.offline.VectorJsonLines;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.StampedLock;

/**
 * The latest value of every output feature, for the pull API: written by the engine thread (one writer), read by
 * any HTTP thread. A value is rewritten only when the feature's event changed (new times or new values), so each
 * feature keeps the time and the input sequence of its own latest update. The engine thread writes in place under
 * a {@link StampedLock} (no copy allocated per update: a copy per changed feature and vector was a quarter of the
 * serving run's allocation); a reader copies the value out, optimistically, and takes the read lock only if a write
 * came in between.
 */
public final class LatestValues {
    /** A feature's latest event (a copy, the reader's own), the input sequence and vector number it first appeared in. */
    public record Value(Event event, long sequence, long vector) {
    }

    /** One feature's latest event, rewritten in place. */
    private static final class Slot {
        final StampedLock lock = new StampedLock();
        Event event; // null before the first value; then the same object, rewritten by the engine thread
        long sequence;
        long vector;

        /** A copy of the value (null before the first); under the read lock, or optimistically (then maybe torn). */
        Value read() {
            Event e = event;
            return e == null ? null : new Value(e.copy(), sequence, vector);
        }
    }

    private final Feature[] features;
    private final String[][] keys;
    private final Slot[] slots;
    private final AtomicLongArray updates;

    LatestValues(List<Feature> features) {
        this.features = features.toArray(new Feature[0]);
        this.keys = new String[this.features.length][];
        this.slots = new Slot[this.features.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = VectorJsonLines.columnKeys(this.features[i]);
            slots[i] = new Slot();
        }
        this.updates = new AtomicLongArray(this.features.length);
    }

    /** On the engine thread. */
    void update(GroupedNamedDataEvent g, long sequence, long vector) {
        for (int i = 0; i < features.length; i++) {
            Event e = g.event(i);
            if (e == null) {
                continue;
            }
            Slot s = slots[i];
            Event before = s.event; // the engine thread is the only writer: no lock to read
            if (before == null || before.ts() != e.ts() || before.receiptTs() != e.receiptTs() || !before.sameValues(e)) {
                long stamp = s.lock.writeLock();
                try {
                    if (before == null) {
                        s.event = e.copy();
                    } else {
                        before.copyFrom(e);
                    }
                    s.sequence = sequence;
                    s.vector = vector;
                } finally {
                    s.lock.unlockWrite(stamp);
                }
                updates.setRelease(i, updates.getPlain(i) + 1);
            }
        }
    }

    /** The latest value of the i-th output (a copy), or null before its first. */
    public Value get(int output) {
        Slot s = slots[output];
        long stamp = s.lock.tryOptimisticRead();
        if (stamp != 0) {
            try {
                Value v = s.read();
                if (s.lock.validate(stamp)) {
                    return v;
                }
            } catch (RuntimeException torn) {
                // a write in between left array lengths and arrays out of step: read again under the lock
            }
        }
        stamp = s.lock.readLock();
        try {
            return s.read();
        } finally {
            s.lock.unlockRead(stamp);
        }
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

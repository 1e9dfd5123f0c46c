package io.featurizer.core.event;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A timestamped market or feature event. {@code ts} is exchange (event) time and {@code receiptTs}
 * local receipt time, both nanoseconds since the Unix epoch.
 *
 * <p>Events handed to a callback or an operator are <b>views</b>: the producer reuses the same
 * object for its next event (as with Flink object reuse), so a view is valid only for the duration
 * of the call. Call {@link #copy()} to keep one. Fields are read by index through the event's
 * {@link Schema}, so generic code (transforms, table writers) can read any event.
 */
public abstract class Event {
    protected long ts;
    protected long receiptTs;

    /** Exchange (event) time, ns since epoch. */
    public final long ts() {
        return ts;
    }

    /** Local receipt time, ns since epoch. */
    public final long receiptTs() {
        return receiptTs;
    }

    /** Sets both timestamps; used by producers that reuse the event object. */
    public final void setTimes(long ts, long receiptTs) {
        this.ts = ts;
        this.receiptTs = receiptTs;
    }

    public abstract Schema schema();

    /** Value of a DOUBLE or LONG field as a double. */
    public abstract double getDouble(int field);

    /** Value of a LONG field (DOUBLE fields are truncated). */
    public long getLong(int field) {
        return (long) getDouble(field);
    }

    /** Backing array of a DOUBLE_ARRAY field; only the first {@link #arrayLength(int)} entries are valid. */
    public double[] getArray(int field) {
        throw new IllegalArgumentException(schema().name() + "." + schema().field(field).name() + " is not an array field");
    }

    /** Number of valid entries of a DOUBLE_ARRAY field. */
    public int arrayLength(int field) {
        throw new IllegalArgumentException(schema().name() + "." + schema().field(field).name() + " is not an array field");
    }

    /** A field read through its handle, resolved once from the schema (no name look-up per read). */
    public final double getDouble(Schema.DoubleField field) {
        return getDouble(field.index());
    }

    public final long getLong(Schema.LongField field) {
        return getLong(field.index());
    }

    public final double[] getArray(Schema.ArrayField field) {
        return getArray(field.index());
    }

    public final int arrayLength(Schema.ArrayField field) {
        return arrayLength(field.index());
    }

    /** An independent deep copy that stays valid after the producer moves on. */
    public abstract Event copy();

    /** Overwrites this event with the contents of {@code other}, which must have the same schema (any Event type). */
    public abstract void copyFrom(Event other);

    /** Writes the event (timestamps and fields) for snapshots and journals. */
    public abstract void write(DataOutput out) throws IOException;

    /** Reads into this event what {@link #write} wrote. */
    public abstract void read(DataInput in) throws IOException;

    /** Field-by-field equality of values (bit for bit), ignoring timestamps. */
    public boolean sameValues(Event other) {
        Schema s = schema();
        if (!s.equals(other.schema())) {
            return false;
        }
        for (int i = 0; i < s.size(); i++) {
            switch (s.type(i)) {
                case DOUBLE -> {
                    if (Double.doubleToLongBits(getDouble(i)) != Double.doubleToLongBits(other.getDouble(i))) {
                        return false;
                    }
                }
                case LONG -> {
                    if (getLong(i) != other.getLong(i)) {
                        return false;
                    }
                }
                case DOUBLE_ARRAY -> {
                    int n = arrayLength(i);
                    if (n != other.arrayLength(i)) {
                        return false;
                    }
                    double[] a = getArray(i);
                    double[] b = other.getArray(i);
                    for (int k = 0; k < n; k++) {
                        if (Double.doubleToLongBits(a[k]) != Double.doubleToLongBits(b[k])) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Value equality including timestamps, for tests and parity checks. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Event e && e.ts == ts && e.receiptTs == receiptTs && sameValues(e);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ts) * 31 + schema().hashCode();
    }

    @Override
    public String toString() {
        Schema s = schema();
        StringBuilder sb = new StringBuilder(s.name()).append("{ts=").append(ts).append(", receiptTs=").append(receiptTs);
        for (int i = 0; i < s.size(); i++) {
            sb.append(", ").append(s.field(i).name()).append('=');
            switch (s.type(i)) {
                case DOUBLE -> sb.append(getDouble(i));
                case LONG -> sb.append(getLong(i));
                case DOUBLE_ARRAY -> {
                    sb.append('[');
                    double[] a = getArray(i);
                    for (int k = 0; k < arrayLength(i); k++) {
                        sb.append(k > 0 ? ", " : "").append(a[k]);
                    }
                    sb.append(']');
                }
            }
        }
        return sb.append('}').toString();
    }

    static double[] ensure(double[] a, int n) {
        return a.length >= n ? a : new double[Math.max(n, a.length * 2)];
    }
}

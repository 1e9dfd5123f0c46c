package io.featurizer.core.event;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A feature's output: the fields of its {@link Schema}. Scalars (DOUBLE and LONG) live in one
 * primitive array; array fields each have their own growable array. An operator owns one instance,
 * overwrites it for every output and emits it as a view (see {@link Event}).
 */
public final class FeatureEvent extends Event {
    private final Schema schema;
    private final double[] scalars;
    private final long[] longs;
    private final double[][] arrays;
    private final int[] lengths;
    private final boolean[] isLong;
    private final boolean doublesOnly; // every field DOUBLE (most features): their values are the scalars alone

    public FeatureEvent(Schema schema) {
        this.schema = schema;
        int n = schema.size();
        this.scalars = new double[n];
        this.longs = new long[n];
        this.arrays = new double[n][];
        this.lengths = new int[n];
        this.isLong = new boolean[n];
        boolean doubles = true;
        for (int i = 0; i < n; i++) {
            doubles &= schema.type(i) == FieldType.DOUBLE;
            isLong[i] = schema.type(i) == FieldType.LONG;
            if (schema.type(i) == FieldType.DOUBLE_ARRAY) {
                arrays[i] = new double[8];
            }
        }
        this.doublesOnly = doubles;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    public FeatureEvent set(int field, double value) {
        scalars[field] = value;
        if (isLong[field]) {
            longs[field] = (long) value; // a LONG field set as a double reads back consistently
        }
        return this;
    }

    public FeatureEvent setLong(int field, long value) {
        longs[field] = value;
        scalars[field] = value;
        return this;
    }

    public FeatureEvent set(Schema.DoubleField field, double value) {
        return set(field.index(), value);
    }

    public FeatureEvent setLong(Schema.LongField field, long value) {
        return setLong(field.index(), value);
    }

    public double[] arrayForWrite(Schema.ArrayField field, int n) {
        return arrayForWrite(field.index(), n);
    }

    /** Returns the array of an array field with room for {@code n} entries and sets its length to n. */
    public double[] arrayForWrite(int field, int n) {
        double[] a = arrays[field];
        if (a.length < n) {
            a = arrays[field] = new double[Math.max(n, a.length * 2)];
        }
        lengths[field] = n;
        return a;
    }

    @Override
    public double getDouble(int field) {
        return scalars[field];
    }

    @Override
    public long getLong(int field) {
        return schema.type(field) == FieldType.LONG ? longs[field] : (long) scalars[field];
    }

    @Override
    public double[] getArray(int field) {
        double[] a = arrays[field];
        if (a == null) {
            return super.getArray(field);
        }
        return a;
    }

    @Override
    public int arrayLength(int field) {
        if (arrays[field] == null) {
            return super.arrayLength(field);
        }
        return lengths[field];
    }

    /** Fast path for the common case, two outputs of one feature: compare the primitive arrays directly. */
    @Override
    public boolean sameValues(Event other) {
        if (!(other instanceof FeatureEvent f) || f.schema != schema) {
            return super.sameValues(other);
        }
        if (doublesOnly) { // one array to compare, not three (the book shapes compare every output with the last)
            for (int i = 0; i < scalars.length; i++) {
                if (Double.doubleToLongBits(scalars[i]) != Double.doubleToLongBits(f.scalars[i])) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < scalars.length; i++) {
            if (Double.doubleToLongBits(scalars[i]) != Double.doubleToLongBits(f.scalars[i]) || longs[i] != f.longs[i]) {
                return false;
            }
            double[] a = arrays[i];
            if (a != null) {
                int n = lengths[i];
                if (n != f.lengths[i] || !java.util.Arrays.equals(a, 0, n, f.arrays[i], 0, n)) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public FeatureEvent copy() {
        FeatureEvent c = new FeatureEvent(schema);
        c.copyFrom(this);
        return c;
    }

    @Override
    public void copyFrom(Event other) {
        setTimes(other.ts, other.receiptTs);
        if (other instanceof FeatureEvent f && f.schema == schema) {
            System.arraycopy(f.scalars, 0, scalars, 0, scalars.length);
            System.arraycopy(f.longs, 0, longs, 0, longs.length);
            for (int i = 0; i < arrays.length; i++) {
                if (arrays[i] != null) {
                    int n = f.lengths[i];
                    System.arraycopy(f.arrays[i], 0, arrayForWrite(i, n), 0, n);
                }
            }
            return;
        }
        for (int i = 0; i < schema.size(); i++) {
            switch (schema.type(i)) {
                case DOUBLE -> scalars[i] = other.getDouble(i);
                case LONG -> setLong(i, other.getLong(i));
                case DOUBLE_ARRAY -> {
                    int n = other.arrayLength(i);
                    System.arraycopy(other.getArray(i), 0, arrayForWrite(i, n), 0, n);
                }
            }
        }
    }

    @Override
    public void write(DataOutput out) throws IOException {
        out.writeLong(ts);
        out.writeLong(receiptTs);
        for (int i = 0; i < schema.size(); i++) {
            switch (schema.type(i)) {
                case DOUBLE -> out.writeDouble(scalars[i]);
                case LONG -> out.writeLong(longs[i]);
                case DOUBLE_ARRAY -> {
                    out.writeInt(lengths[i]);
                    for (int k = 0; k < lengths[i]; k++) {
                        out.writeDouble(arrays[i][k]);
                    }
                }
            }
        }
    }

    @Override
    public void read(DataInput in) throws IOException {
        setTimes(in.readLong(), in.readLong());
        for (int i = 0; i < schema.size(); i++) {
            switch (schema.type(i)) {
                case DOUBLE -> scalars[i] = in.readDouble();
                case LONG -> setLong(i, in.readLong());
                case DOUBLE_ARRAY -> {
                    int n = in.readInt();
                    double[] a = arrayForWrite(i, n);
                    for (int k = 0; k < n; k++) {
                        a[k] = in.readDouble();
                    }
                }
            }
        }
    }
}

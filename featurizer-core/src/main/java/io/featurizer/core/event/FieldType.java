package io.featurizer.core.event;

/** Type of one named field of a {@link Schema}. */
public enum FieldType {
    /** A double value, read with {@link Event#getDouble(int)}. */
    DOUBLE,
    /** An integral value (ids, counts, flags), read with {@link Event#getLong(int)}. */
    LONG,
    /** A variable-length array of doubles (book levels), read with {@link Event#getArray(int)} and {@link Event#arrayLength(int)}. */
    DOUBLE_ARRAY
}

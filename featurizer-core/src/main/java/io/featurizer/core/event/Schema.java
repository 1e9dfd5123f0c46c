package io.featurizer.core.event;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The named, typed fields of an event type or of a feature's output. Every event also carries the
 * implicit {@code timestamp} and {@code receipt_timestamp} (nanoseconds), which are not listed here.
 * Immutable; field indices are stable, so hot code resolves a name once with {@link #index(String)}.
 */
public final class Schema {
    /** One field: its name and type. */
    public record Field(String name, FieldType type) {
        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    private final String name;
    private final List<Field> fields;
    private final Map<String, Integer> indexByName;

    private Schema(String name, List<Field> fields) {
        this.name = name;
        this.fields = Collections.unmodifiableList(new ArrayList<>(fields));
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            if (idx.put(fields.get(i).name(), i) != null) {
                throw new IllegalArgumentException("schema " + name + ": duplicate field '" + fields.get(i).name() + "'");
            }
        }
        this.indexByName = Collections.unmodifiableMap(idx);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A schema of double fields only, the common shape of a feature's output. */
    public static Schema ofDoubles(String name, String... fieldNames) {
        Builder b = builder(name);
        for (String f : fieldNames) {
            b.addDouble(f);
        }
        return b.build();
    }

    public String name() {
        return name;
    }

    public List<Field> fields() {
        return fields;
    }

    public int size() {
        return fields.size();
    }

    public Field field(int index) {
        return fields.get(index);
    }

    public FieldType type(int index) {
        return fields.get(index).type();
    }

    /** Index of the named field; throws with the known names if absent. */
    public int index(String fieldName) {
        Integer i = indexByName.get(fieldName);
        if (i == null) {
            throw new IllegalArgumentException("schema " + name + " has no field '" + fieldName + "'; fields: " + indexByName.keySet());
        }
        return i;
    }

    public boolean has(String fieldName) {
        return indexByName.containsKey(fieldName);
    }

    /**
     * The handle of a DOUBLE field (a LONG field reads as a double too): resolved once, when a definition is
     * written or its operator built, then read and written by index with no name look-up.
     */
    public DoubleField doubleField(String fieldName) {
        int i = index(fieldName);
        if (type(i) == FieldType.DOUBLE_ARRAY) {
            throw new IllegalArgumentException("schema " + name + ": field '" + fieldName + "' is an array, not a number");
        }
        return new DoubleField(fieldName, i);
    }

    /** The handle of a LONG field. */
    public LongField longField(String fieldName) {
        int i = index(fieldName);
        if (type(i) != FieldType.LONG) {
            throw new IllegalArgumentException("schema " + name + ": field '" + fieldName + "' is " + type(i) + ", not LONG");
        }
        return new LongField(fieldName, i);
    }

    /** The handle of a DOUBLE_ARRAY field. */
    public ArrayField arrayField(String fieldName) {
        int i = index(fieldName);
        if (type(i) != FieldType.DOUBLE_ARRAY) {
            throw new IllegalArgumentException("schema " + name + ": field '" + fieldName + "' is " + type(i) + ", not an array");
        }
        return new ArrayField(fieldName, i);
    }

    /** A numeric field of one schema, by index. */
    public record DoubleField(String name, int index) {
        public double get(Event e) {
            return e.getDouble(index);
        }

        public void set(FeatureEvent e, double value) {
            e.set(index, value);
        }
    }

    /** An integral field of one schema, by index. */
    public record LongField(String name, int index) {
        public long get(Event e) {
            return e.getLong(index);
        }

        public void set(FeatureEvent e, long value) {
            e.setLong(index, value);
        }
    }

    /** An array field of one schema, by index: the backing array and its valid length. */
    public record ArrayField(String name, int index) {
        public double[] get(Event e) {
            return e.getArray(index);
        }

        public int length(Event e) {
            return e.arrayLength(index);
        }

        /** The array to write {@code n} entries into ({@link FeatureEvent#arrayForWrite}). */
        public double[] forWrite(FeatureEvent e, int n) {
            return e.arrayForWrite(index, n);
        }
    }

    /** True when every field is a scalar (DOUBLE or LONG). */
    public boolean isScalar() {
        for (Field f : fields) {
            if (f.type() == FieldType.DOUBLE_ARRAY) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schema s && s.name.equals(name) && s.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + fields.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(fields.get(i).name()).append(':').append(fields.get(i).type());
        }
        return sb.append('}').toString();
    }

    /** Builds a schema field by field. */
    public static final class Builder {
        private final String name;
        private final List<Field> fields = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder add(String field, FieldType type) {
            fields.add(new Field(field, type));
            return this;
        }

        public Builder addDouble(String field) {
            return add(field, FieldType.DOUBLE);
        }

        public Builder addLong(String field) {
            return add(field, FieldType.LONG);
        }

        public Builder addArray(String field) {
            return add(field, FieldType.DOUBLE_ARRAY);
        }

        public Schema build() {
            return new Schema(name, fields);
        }
    }
}

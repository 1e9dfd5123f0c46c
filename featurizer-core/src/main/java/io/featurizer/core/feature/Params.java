package io.featurizer.core.feature;

import io.featurizer.core.text.Durations;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The params of one feature or data source node: an immutable, key-sorted map of YAML scalars,
 * lists and maps. Typed getters fail with a message naming the key and the expected form.
 * {@link #canonical()} is the stable text form that goes into feature keys.
 */
public final class Params {
    public static final Params EMPTY = new Params(Map.of());

    private final Map<String, Object> values;

    private Params(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Params of(Map<String, ?> values) {
        return values == null || values.isEmpty() ? EMPTY : new Params(new TreeMap<>(values));
    }

    public static Params of(Object... keyValues) {
        Map<String, Object> m = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return of(m);
    }

    /** These params with defaults filled in for absent keys. */
    public Params withDefaults(Map<String, ?> defaults) {
        if (defaults.isEmpty()) {
            return this;
        }
        Map<String, Object> m = new TreeMap<>(defaults);
        m.putAll(values);
        return new Params(m);
    }

    public Params with(String key, Object value) {
        Map<String, Object> m = new TreeMap<>(values);
        m.put(key, value);
        return new Params(m);
    }

    public Params without(String key) {
        Map<String, Object> m = new TreeMap<>(values);
        m.remove(key);
        return of(m);
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    public Object get(String key) {
        return values.get(key);
    }

    public String getString(String key, String defaultValue) {
        Object v = values.get(key);
        return v == null ? defaultValue : v.toString();
    }

    public String requireString(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing param '" + key + "'");
        }
        return v.toString();
    }

    public int getInt(String key, int defaultValue) {
        return (int) getLong(key, defaultValue);
    }

    public long getLong(String key, long defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("param '" + key + "' must be an integer, got '" + v + "'");
        }
    }

    public double getDouble(String key, double defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("param '" + key + "' must be a number, got '" + v + "'");
        }
    }

    public double requireDouble(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("missing param '" + key + "' (a number)");
        }
        return getDouble(key, 0);
    }

    /** A duration param in nanoseconds ({@code 1m}, {@code 500ms}, ...). */
    public long getDurationNanos(String key, String defaultValue) {
        Object v = values.get(key);
        String text = v == null ? defaultValue : v.toString();
        try {
            return Durations.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("param '" + key + "': " + e.getMessage());
        }
    }

    /** Stable text of the params: sorted keys, normalized numbers; what feature keys hash. */
    public String canonical() {
        StringBuilder sb = new StringBuilder();
        appendCanonical(sb, values);
        return sb.toString();
    }

    private static void appendCanonical(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : new TreeMap<>(stringKeys(m)).entrySet()) {
                sb.append(first ? "" : ",");
                first = false;
                appendCanonical(sb, e.getKey());
                sb.append(':');
                appendCanonical(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                sb.append(i > 0 ? "," : "");
                appendCanonical(sb, l.get(i));
            }
            sb.append(']');
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append((long) d);
            } else {
                sb.append(d);
            }
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            sb.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), val));
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && p.canonical().equals(canonical());
    }

    @Override
    public int hashCode() {
        return canonical().hashCode();
    }

    @Override
    public String toString() {
        return canonical();
    }
}

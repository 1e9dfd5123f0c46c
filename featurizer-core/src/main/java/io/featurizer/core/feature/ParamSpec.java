package io.featurizer.core.feature;

import io.featurizer.core.text.Durations;
import io.featurizer.core.text.NearestName;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One param a definition declares, once: its name, type, default, allowed values and a one-line doc
 * (see {@link DataDefinition#paramSpecs()}). Validation, error messages with suggestions, feature
 * keys (the default is written into the params before the key is computed, so leaving a param out
 * and writing its default give one key) and the reference table in docs/definitions.md all read it.
 * The typed getters ({@link #nanos(Params)}, ...) read the value or the default, so a definition
 * never repeats its default.
 *
 * <pre>{@code
 * static final ParamSpec WINDOW = ParamSpec.duration("window", "the time window").withDefault("1m");
 * }</pre>
 * Immutable: the modifiers return a new spec.
 */
public final class ParamSpec {
    /** The kinds of values a param takes. */
    public enum Type {
        /** Text; restricted to {@link #words()} when there are any. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** Any number. */
        NUMBER,
        /** A duration ({@code 500ms}, {@code 1s}, {@code 1m}, ...), or one of {@link #words()}. */
        DURATION,
        /** true or false. */
        BOOLEAN
    }

    private final String name;
    private final Type type;
    private final String doc;
    private final Object defaultValue;
    private final String defaultText;
    private final boolean required;
    private final List<String> words;
    private final boolean seconds;
    private final Predicate<Object> rule;
    private final String ruleText;
    private final Map<String, String> aliases;
    private final boolean inKey;

    private ParamSpec(String name, Type type, String doc, Object defaultValue, String defaultText, boolean required,
                      List<String> words, boolean seconds, Predicate<Object> rule, String ruleText, Map<String, String> aliases,
                      boolean inKey) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.doc = doc;
        this.defaultValue = defaultValue;
        this.defaultText = defaultText;
        this.required = required;
        this.words = List.copyOf(words);
        this.seconds = seconds;
        this.rule = rule;
        this.ruleText = ruleText;
        this.aliases = Map.copyOf(aliases);
        this.inKey = inKey;
    }

    private static ParamSpec of(String name, Type type, String doc) {
        return new ParamSpec(name, type, doc, null, null, false, List.of(), false, null, null, Map.of(), true);
    }

    /** Any text. */
    public static ParamSpec string(String name, String doc) {
        return of(name, Type.STRING, doc);
    }

    /** One of the given words. */
    public static ParamSpec oneOf(String name, String doc, String... words) {
        return of(name, Type.STRING, doc).orWords(words);
    }

    public static ParamSpec integer(String name, String doc) {
        return of(name, Type.INTEGER, doc);
    }

    public static ParamSpec number(String name, String doc) {
        return of(name, Type.NUMBER, doc);
    }

    public static ParamSpec duration(String name, String doc) {
        return of(name, Type.DURATION, doc);
    }

    public static ParamSpec bool(String name, String doc) {
        return of(name, Type.BOOLEAN, doc);
    }

    /** The value used when the param is left out; it is written into the params, so it is part of the feature key. */
    public ParamSpec withDefault(Object value) {
        return new ParamSpec(name, type, doc, Objects.requireNonNull(value), null, false, words, seconds, rule, ruleText, aliases, inKey);
    }

    /**
     * A default that depends on other params (e.g. a venue's book depth): documented, never written into
     * the params; the definition resolves it (and may drop a value equal to it from the key).
     */
    public ParamSpec withDefaultDescribed(String text) {
        return new ParamSpec(name, type, doc, null, text, false, words, seconds, rule, ruleText, aliases, inKey);
    }

    /** The param must be given. */
    public ParamSpec required() {
        return new ParamSpec(name, type, doc, null, null, true, words, seconds, rule, ruleText, aliases, inKey);
    }

    /** Allowed words: the only values of a string, or values a duration param takes instead of a duration (e.g. {@code raw}). */
    public ParamSpec orWords(String... allowed) {
        return new ParamSpec(name, type, doc, defaultValue, defaultText, required, List.of(allowed), seconds, rule, ruleText, aliases, inKey);
    }

    /** A duration param that also takes a plain number of seconds. */
    public ParamSpec orSeconds() {
        return new ParamSpec(name, type, doc, defaultValue, defaultText, required, words, true, rule, ruleText, aliases, inKey);
    }

    /** A further condition on a well-typed value, and how to say what it expects (e.g. "a positive integer"). */
    public ParamSpec rule(Predicate<Object> ok, String expected) {
        return new ParamSpec(name, type, doc, defaultValue, defaultText, required, words, seconds, ok, expected, aliases, inKey);
    }

    /** Other names users write for the words (e.g. {@code swap} for {@code perpetual}): not accepted, but suggested. */
    public ParamSpec suggesting(Map<String, String> otherNames) {
        return new ParamSpec(name, type, doc, defaultValue, defaultText, required, words, seconds, rule, ruleText, otherNames, inKey);
    }

    /**
     * A param that changes how fast a feature is computed, never its values (e.g. a book's tick size):
     * checked and documented like any other, but left out of the feature key, so stored features stay shared.
     */
    public ParamSpec outsideKey() {
        return new ParamSpec(name, type, doc, defaultValue, defaultText, required, words, seconds, rule, ruleText, aliases, false);
    }

    /** False for a param {@link #outsideKey() outside the key}. */
    public boolean inKey() {
        return inKey;
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String doc() {
        return doc;
    }

    /** The default written into the params, or null. */
    public Object defaultValue() {
        return defaultValue;
    }

    public boolean isRequired() {
        return required;
    }

    public List<String> words() {
        return words;
    }

    /** The default as documented: the value, the described rule, "required" or "none". */
    public String defaultText() {
        if (defaultValue != null) {
            return String.valueOf(defaultValue);
        }
        if (defaultText != null) {
            return defaultText;
        }
        return required ? "required" : "none";
    }

    /** What values are accepted, in words (for messages and the docs table). */
    public String expected() {
        if (ruleText != null) {
            return ruleText;
        }
        return switch (type) {
            case STRING -> words.isEmpty() ? "a text" : "one of " + String.join(", ", words);
            case INTEGER -> "an integer";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case DURATION -> (words.isEmpty() ? "" : String.join(", ", words) + " or ")
                    + (seconds ? "a number of seconds or " : "") + Durations.EXPECTED;
        };
    }

    /** Checks one value, throwing a {@link ParamException} that says what was expected. */
    public void check(Object value) {
        if (value == null) {
            throw bad("has no value; expected " + expected());
        }
        switch (type) {
            case STRING -> {
                if (!(value instanceof String s)) {
                    throw bad("expected " + expected() + ", got " + describe(value));
                }
                if (!words.isEmpty() && !words.contains(s)) {
                    String alias = aliases.get(s.toLowerCase(java.util.Locale.ROOT));
                    throw bad("'" + s + "' is not " + expected() + (alias != null ? "; did you mean '" + alias + "'?" : NearestName.suggestion(s, words)));
                }
            }
            case INTEGER -> {
                if (asLong(value) == null) {
                    throw bad("expected " + expected() + ", got " + describe(value));
                }
            }
            case NUMBER -> {
                if (asDouble(value) == null) {
                    throw bad("expected " + expected() + ", got " + describe(value));
                }
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw bad("expected true or false, got " + describe(value));
                }
            }
            case DURATION -> {
                if (!(value instanceof String s && words.contains(s))) {
                    nanosOf(value);
                }
            }
        }
        if (rule != null && !rule.test(value)) {
            throw bad(describe(value) + " is not " + ruleText);
        }
    }

    /** The value (or the default) as text; null when absent without a default. */
    public String string(Params params) {
        Object v = valueIn(params);
        return v == null ? null : v.toString();
    }

    /** The value (or the default) as a whole number. */
    public long longValue(Params params) {
        Long v = asLong(valueIn(params));
        if (v == null) {
            throw bad("expected " + expected() + ", got " + describe(valueIn(params)));
        }
        return v;
    }

    public int intValue(Params params) {
        return Math.toIntExact(longValue(params));
    }

    /** The value (or the default) as a number. */
    public double doubleValue(Params params) {
        Double v = asDouble(valueIn(params));
        if (v == null) {
            throw bad("expected " + expected() + ", got " + describe(valueIn(params)));
        }
        return v;
    }

    /** The value (or the default) as nanoseconds; for one of the {@link #words()}, -1. */
    public long nanos(Params params) {
        Object v = valueIn(params);
        if (v instanceof String s && words.contains(s)) {
            return -1;
        }
        return nanosOf(v);
    }

    /** True when the value (or the default) is the given word. */
    public boolean is(Params params, String word) {
        return word.equals(string(params));
    }

    private Object valueIn(Params params) {
        Object v = params.get(name);
        return v != null ? v : defaultValue;
    }

    private long nanosOf(Object value) {
        if (value == null) {
            throw bad("has no value; expected " + expected());
        }
        if (seconds && value instanceof Number n) {
            long nanos = Math.round(n.doubleValue() * 1e9);
            if (nanos <= 0) {
                throw bad(describe(value) + " is not a positive number of seconds");
            }
            return nanos;
        }
        try {
            return Durations.parseNanos(value.toString());
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage() + (words.isEmpty() ? "" : " (or " + String.join(", ", words) + ")"));
        }
    }

    private ParamException bad(String problem) {
        return new ParamException(name, ParamException.Kind.BAD_VALUE, "param '" + name + "': " + problem);
    }

    static Long asLong(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && !Double.isInfinite(d) ? Long.valueOf(n.longValue()) : null;
        }
        if (v instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static Double asDouble(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        if (v instanceof Map<?, ?>) {
            return "a mapping";
        }
        return "'" + v + "'";
    }

    /** Defaults of the specs that have one, for {@link Params#withDefaults}. */
    public static Map<String, Object> defaults(List<ParamSpec> specs) {
        Map<String, Object> d = new TreeMap<>();
        for (ParamSpec s : specs) {
            if (s.defaultValue != null) {
                d.put(s.name, s.defaultValue);
            }
        }
        return d;
    }

    /** The names of the specs, in declaration order. */
    public static List<String> names(List<ParamSpec> specs) {
        List<String> out = new ArrayList<>();
        for (ParamSpec s : specs) {
            out.add(s.name);
        }
        return out;
    }

    /**
     * Checks params against a declaration: no unknown names (with the nearest known one), every
     * required one present, every value of its type and allowed.
     */
    public static void checkAll(String definition, List<ParamSpec> specs, Params params) {
        List<String> names = names(specs);
        for (String key : params.asMap().keySet()) {
            if (!names.contains(key)) {
                throw unknown(key, definition, names);
            }
        }
        for (ParamSpec s : specs) {
            Object v = params.get(s.name);
            if (v == null && !params.has(s.name)) {
                if (s.required) {
                    throw new ParamException(s.name, ParamException.Kind.MISSING, "missing param '" + s.name + "' for " + definition
                            + ": " + s.doc + " (" + s.expected() + ")");
                }
                continue;
            }
            s.check(v);
        }
    }

    /** "unknown param 'windw' for tvi.trade_volume_imb_fd; did you mean 'window'? (its params: ...)". */
    public static ParamException unknown(String key, String definition, List<String> known) {
        String tail = known.isEmpty() ? " (" + definition + " takes no params)" : " (its params: " + String.join(", ", known) + ")";
        return new ParamException(key, ParamException.Kind.UNKNOWN,
                "unknown param '" + key + "' for " + definition + NearestName.suggestion(key, known) + tail);
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase() + ", default " + defaultText() + ")";
    }
}

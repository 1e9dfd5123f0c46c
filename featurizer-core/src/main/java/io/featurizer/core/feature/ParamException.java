package io.featurizer.core.feature;

/** A bad param, naming it so a config loader can point at its line: unknown, missing, or of a wrong value. */
public final class ParamException extends IllegalArgumentException {
    /** What is wrong with the param. */
    public enum Kind { UNKNOWN, MISSING, BAD_VALUE }

    private final String param;
    private final Kind kind;

    public ParamException(String param, Kind kind, String message) {
        super(message);
        this.param = param;
        this.kind = kind;
    }

    /** The param's name. */
    public String param() {
        return param;
    }

    public Kind kind() {
        return kind;
    }
}

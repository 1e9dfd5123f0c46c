package io.featurizer.core.config;

/**
 * A config problem, located: the file, the line, the key path (e.g.
 * {@code feature_configs[1].params.feature.0.window}) and what was expected.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String file;
    private final int line;
    private final String key;

    public ConfigException(String file, int line, String key, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + problem);
        this.file = file;
        this.line = line;
        this.key = key;
    }

    public String file() {
        return file;
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    public String key() {
        return key;
    }
}

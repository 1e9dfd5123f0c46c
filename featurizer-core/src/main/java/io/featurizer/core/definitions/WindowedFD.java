package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.Params;

import java.util.HashMap;
import java.util.Map;

/**
 * A feature over a time {@code window} param (default 1m), which is also its lookback: the history
 * that makes its output exact. Subclasses add their own params with {@link #moreDefaults()}.
 */
abstract class WindowedFD extends FeatureDefinition {
    static final String DEFAULT_WINDOW = "1m";

    static long window(Params params) {
        return params.getDurationNanos("window", DEFAULT_WINDOW);
    }

    /** Defaults besides {@code window}. */
    Map<String, Object> moreDefaults() {
        return Map.of();
    }

    /** The output schema; {@code window} is already checked. */
    abstract Schema windowedSchema(Params params);

    @Override
    public final Map<String, Object> defaultParams() {
        Map<String, Object> d = new HashMap<>(moreDefaults());
        d.put("window", DEFAULT_WINDOW);
        return d;
    }

    @Override
    public final Schema schema(Params params) {
        window(params);
        return windowedSchema(params);
    }

    @Override
    public final long lookbackNanos(Params params) {
        return window(params);
    }
}

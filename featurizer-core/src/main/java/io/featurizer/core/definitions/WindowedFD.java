package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

/**
 * A feature over a time {@code window} param (default 1m), which is also its lookback: the history
 * that makes its output exact. Subclasses declare it with {@link #windowParam(String)} among their params.
 */
public abstract class WindowedFD extends FeatureDefinition {
    private static final ParamSpec WINDOW = windowParam("the time window");

    /** The {@code window} param with this definition's doc line. */
    public static ParamSpec windowParam(String doc) {
        return ParamSpec.duration("window", doc).withDefault("1m");
    }

    public static long window(Params params) {
        return WINDOW.nanos(params);
    }

    /** The output schema; {@code window} is already checked. */
    protected abstract Schema windowedSchema(Params params);

    @Override
    public final Schema schema(Params params) {
        return windowedSchema(params);
    }

    @Override
    public final long lookbackNanos(Params params) {
        return window(params);
    }
}

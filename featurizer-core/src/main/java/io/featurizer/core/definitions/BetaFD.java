package io.featurizer.core.definitions;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Params;

/**
 * {@code cross.beta}: the beta of the first data source's instrument to the second's (the benchmark), from their
 * log returns on a time grid over a rolling window: the least-squares slope {@code cov(a, b) / var(b) =
 * (nΣab − ΣaΣb) / (nΣb² − (Σb)²)} over the n return pairs in the window; unitless (1: moves one for one). One
 * value per grid point once defined (sampling, window and timing: {@link GridReturnsFD}).
 */
public final class BetaFD extends GridReturnsFD {
    public static final Schema SCHEMA = Schema.ofDoubles("beta", "beta");
    static final Schema.DoubleField BETA = SCHEMA.doubleField("beta");

    @Override
    public String name() {
        return "cross.beta";
    }

    @Override
    Schema gridSchema(Params params) {
        return SCHEMA;
    }

    @Override
    boolean result(LaggedReturnStats stats, FeatureEvent out) {
        double b = stats.beta(0);
        if (Double.isNaN(b)) {
            return false;
        }
        out.set(BETA, b);
        return true;
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Params;

/**
 * {@code cross.correlation}: Pearson correlation of two instruments' log returns on a time grid, over a rolling
 * window: {@code (nΣab − ΣaΣb) / √((nΣa² − (Σa)²)(nΣb² − (Σb)²))} over the n return pairs (a of the first
 * data source, b of the second) in the window; in [−1, 1], unitless. One value per grid point once defined
 * (sampling, window and timing: {@link GridReturnsFD}).
 */
public final class CorrelationFD extends GridReturnsFD {
    public static final Schema SCHEMA = Schema.ofDoubles("correlation", "correlation");
    static final Schema.DoubleField CORRELATION = SCHEMA.doubleField("correlation");

    @Override
    public String name() {
        return "cross.correlation";
    }

    @Override
    Schema gridSchema(Params params) {
        return SCHEMA;
    }

    @Override
    boolean result(LaggedReturnStats stats, FeatureEvent out) {
        double r = stats.correlation(0);
        if (Double.isNaN(r)) {
            return false;
        }
        out.set(CORRELATION, r);
        return true;
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * {@code cross.lead_lag}: cross-correlation of two instruments' grid log returns at the lags −{@code max_lag} ..
 * {@code max_lag} grid steps: at lag ℓ ≥ 0 the correlation of A's return ℓ steps earlier with B's (A leads B),
 * at ℓ &lt; 0 of A's with B's |ℓ| steps earlier (B leads A), each over the window's last n grid steps (n =
 * window / interval pairs per lag). Fields: {@code correlations} (one per lag, from −max_lag up; NaN where
 * undefined), {@code best_lag} (the lag of the largest |correlation|, in grid steps; ties go to the smaller |ℓ|,
 * then the negative one) and {@code best_correlation}. One value per grid point once any lag is defined
 * (sampling, window and timing: {@link GridReturnsFD}).
 */
public final class LeadLagFD extends GridReturnsFD {
    public static final Schema SCHEMA = Schema.builder("lead_lag").addArray("correlations").addLong("best_lag").addDouble("best_correlation").build();
    public static final Schema.ArrayField CORRELATIONS = SCHEMA.arrayField("correlations");
    public static final Schema.LongField BEST_LAG = SCHEMA.longField("best_lag");
    public static final Schema.DoubleField BEST_CORRELATION = SCHEMA.doubleField("best_correlation");

    static final ParamSpec MAX_LAG = ParamSpec.integer("max_lag", "lags from -max_lag to max_lag grid steps").withDefault(5L)
            .rule(v -> (v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim())) >= 1, "a positive number of grid steps");

    @Override
    public String name() {
        return "cross.lead_lag";
    }

    @Override
    List<ParamSpec> extraParams() {
        return List.of(MAX_LAG);
    }

    @Override
    int maxLag(Params params) {
        return MAX_LAG.intValue(params);
    }

    @Override
    Schema gridSchema(Params params) {
        return SCHEMA;
    }

    @Override
    boolean result(LaggedReturnStats stats, FeatureEvent out) {
        int max = stats.maxLag();
        double[] c = out.arrayForWrite(CORRELATIONS, 2 * max + 1);
        int best = 0;
        double bestValue = Double.NaN;
        for (int lag = -max; lag <= max; lag++) {
            c[lag + max] = stats.correlation(lag);
        }
        for (int d = 0; d <= max; d++) { // by |lag|, the negative first: a tie keeps the one found first
            for (int lag = -d; lag <= d; lag += d == 0 ? 1 : 2 * d) {
                double v = c[lag + max];
                if (!Double.isNaN(v) && (Double.isNaN(bestValue) || Math.abs(v) > Math.abs(bestValue))) {
                    best = lag;
                    bestValue = v;
                }
            }
        }
        if (Double.isNaN(bestValue)) {
            return false;
        }
        out.setLong(BEST_LAG, best);
        out.set(BEST_CORRELATION, bestValue);
        return true;
    }
}

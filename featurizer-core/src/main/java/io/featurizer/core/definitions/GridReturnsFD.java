package io.featurizer.core.definitions;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamException;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * A rolling statistic of the log returns of two instruments' mid prices, A (the first {@code data_source}) and
 * B (the second), sampled on a time grid.
 *
 * <p><b>Sampling.</b> Grid points are the multiples of {@code interval} since the Unix epoch (UTC), on the
 * inputs' exchange time {@code ts}. The sample of a side at grid point g is its latest mid among the inputs
 * processed before the first input with {@code ts > g} (inputs at {@code ts == g} count, as in the graph's
 * {@code sample_every}); in event-time order that is its last mid with {@code ts ≤ g}. The return at g is
 * {@code ln(x(g) / x(g − interval))}, absent while a side has no earlier sample. A grid point is closed, and its
 * output emitted, when the first input after it arrives: the output's {@code ts} is g, its {@code receiptTs} the
 * closing input's. Inputs reach the operator in the run's order (DESIGN.md section 4: time field, then the
 * source's rank, then its sequence), so ties across the two sources are decided there.
 *
 * <p><b>Window.</b> The statistic at g covers the return pairs of the last {@code window / interval} grid points
 * (those in {@code (g − window, g]}, which together span exactly {@code window}); a pair counts when both
 * returns exist. No output while it is undefined (fewer than 2 pairs, a side without variance).
 */
abstract class GridReturnsFD extends FeatureDefinition {
    static final ParamSpec INTERVAL = ParamSpec.duration("interval", "the sampling grid: returns between consecutive multiples of it")
            .withDefault("1s");
    static final ParamSpec WINDOW = ParamSpec.duration("window", "the rolling window of grid returns; a multiple of interval, at least 2 of them")
            .withDefault("5m");

    List<ParamSpec> extraParams() {
        return List.of();
    }

    @Override
    public final List<ParamSpec> paramSpecs() {
        List<ParamSpec> all = new ArrayList<>(List.of(INTERVAL, WINDOW));
        all.addAll(extraParams());
        return all;
    }

    /** The output schema; the params are already checked. */
    abstract Schema gridSchema(Params params);

    /** Lags the statistic needs, in grid steps (0: none). */
    int maxLag(Params params) {
        return 0;
    }

    /** Writes the statistic at a closed grid point into {@code out}; false when it is undefined (nothing emitted). */
    abstract boolean result(LaggedReturnStats stats, FeatureEvent out);

    @Override
    public final Schema schema(Params params) {
        long interval = INTERVAL.nanos(params);
        long window = WINDOW.nanos(params);
        if (window % interval != 0 || window / interval < 2) {
            throw new ParamException("window", ParamException.Kind.BAD_VALUE, "param 'window': " + WINDOW.string(params)
                    + " is not a multiple of interval " + INTERVAL.string(params) + " spanning at least 2 of them");
        }
        return gridSchema(params);
    }

    @Override
    public final List<String> dependencies(Params params) {
        return List.of("price.mid_price_fd", "price.mid_price_fd");
    }

    /** The window, the lags and one more interval: the samples the first return of a window starts from. */
    @Override
    public final long lookbackNanos(Params params) {
        return WINDOW.nanos(params) + (maxLag(params) + 1) * INTERVAL.nanos(params);
    }

    @Override
    public final FeatureOperator createOperator(OperatorContext ctx) {
        Params p = ctx.params();
        long interval = INTERVAL.nanos(p);
        int steps = Math.toIntExact(WINDOW.nanos(p) / interval);
        return new GridReturnsOperator(interval, new LaggedReturnStats(steps, maxLag(p)), this::result, ctx.newOutput());
    }
}

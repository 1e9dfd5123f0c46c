package io.featurizer.core.definitions.returns;

import io.featurizer.core.definitions.MidPriceFD;
import io.featurizer.core.definitions.GridOperator;
import io.featurizer.core.definitions.GridSample;
import io.featurizer.core.definitions.GridWindow;
import io.featurizer.core.definitions.RollingExactSum;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * {@code returns.realized_variance}: realized variance {@code RV = Σ r²} of the mid's log returns between consecutive
 * grid points, over the window's {@code window / interval} returns (Andersen & Bollerslev 1998), and the realized
 * volatility {@code √RV}; per window, not annualised unless {@code annualize} (then × year / window, with a year of
 * 365 days: crypto trades every day). No mean is subtracted. One value per grid point once the window holds a return
 * at every grid point (grid sampling and timing: {@link GridOperator}).
 */
public final class RealizedVarianceFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("realized_variance", "variance", "volatility");
    static final Schema.DoubleField VARIANCE = SCHEMA.doubleField("variance");
    static final Schema.DoubleField VOLATILITY = SCHEMA.doubleField("volatility");
    static final long YEAR_NANOS = 365L * 86_400L * 1_000_000_000L;

    private static final GridWindow GRID = new GridWindow("1s", "5m", 1);
    static final ParamSpec ANNUALIZE = ParamSpec.bool("annualize", "scale the variance by a 365-day year / window (and the volatility by its root)")
            .withDefault(false);

    @Override
    public String name() {
        return "returns.realized_variance";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(GRID.interval, GRID.window, ANNUALIZE);
    }

    @Override
    public Schema schema(Params params) {
        GRID.steps(params);
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of("price.mid_price_fd");
    }

    @Override
    public long lookbackNanos(Params params) {
        return GRID.lookbackNanos(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Params p = ctx.params();
        double factor = Boolean.parseBoolean(ANNUALIZE.string(p)) ? (double) YEAR_NANOS / GRID.window.nanos(p) : 1;
        return new Operator(GRID.interval.nanos(p), GRID.steps(p), factor, ctx.newOutput());
    }

    /** Samples the mid on the grid and keeps the exact rolling sum of the squared returns. */
    static final class Operator extends GridOperator {
        /** Squares are summed times 2^40: a return of 1e-8 keeps full precision; one of 0.5 over 2^21 steps stays in range. */
        private static final double SCALE = 0x1p40;
        private final FeatureEvent out;
        private final double factor;
        private final GridSample mid = state.add(new GridSample());
        private final RollingExactSum squares;

        Operator(long interval, int steps, double factor, FeatureEvent out) {
            super(interval);
            this.out = out;
            this.factor = factor;
            this.squares = state.add(new RollingExactSum(steps, SCALE));
        }

        /** After the first idle interval, a window of zero returns: RV 0, repeated. */
        @Override
        protected long memory() {
            return squares.size() + 1L;
        }

        @Override
        protected void apply(int input, Event event) {
            mid.set(event.getDouble(MidPriceFD.MID));
        }

        @Override
        protected void close(long grid, long receiptTs, Emitter emitter) {
            double r = mid.logReturn();
            boolean has = !Double.isNaN(r);
            squares.push(has ? r * r : 0, has);
            if (squares.full()) {
                double v = squares.sum() * factor;
                VARIANCE.set(out, v);
                VOLATILITY.set(out, Math.sqrt(v));
                out.setTimes(grid, receiptTs);
                emitter.emit(out);
            }
        }
    }
}

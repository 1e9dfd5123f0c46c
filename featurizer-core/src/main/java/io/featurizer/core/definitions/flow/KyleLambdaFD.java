package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.MidPriceFD;
import io.featurizer.core.definitions.GridOperator;
import io.featurizer.core.definitions.GridSample;
import io.featurizer.core.definitions.GridWindow;
import io.featurizer.core.definitions.LaggedReturnStats;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.FixedPointSum;

/**
 * {@code flow.kyle_lambda}: Kyle's (1985) price impact λ, the least-squares slope of {@code Δm = α + λ·q + ε} over the
 * grid intervals in the window, with Δm the change of the mid price over an interval (its grid samples) and q the
 * taker signed volume (buy +, sell −) traded in it: {@code λ = cov(q, Δm) / var(q)}, quote units per base unit. An
 * interval counts once both its mid samples exist (an interval without trades counts with q = 0). One value per grid
 * point; none while fewer than 2 intervals count or q does not vary.
 */
public final class KyleLambdaFD extends MidAndTradesFD {
    public static final Schema SCHEMA = Schema.ofDoubles("kyle_lambda", "lambda");
    static final Schema.DoubleField LAMBDA = SCHEMA.doubleField("lambda");

    public KyleLambdaFD() {
        super(new GridWindow("1s", "5m", 2), SCHEMA);
    }

    @Override
    public String name() {
        return "flow.kyle_lambda";
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Params p = ctx.params();
        return new Operator(grid().interval.nanos(p), grid().steps(p), ctx.newOutput());
    }

    /** Samples the mid and sums the signed volume per interval; regresses over the window ({@link LaggedReturnStats} at lag 0). */
    static final class Operator extends GridOperator {
        private final FeatureEvent out;
        private final GridSample mid = state.add(new GridSample());
        private final FixedPointSum signedVolume = state.add(new FixedPointSum());
        private final LaggedReturnStats stats;

        Operator(long interval, int steps, FeatureEvent out) {
            super(interval);
            this.out = out;
            // Δm as A, q as B, both times 2^-8 (the slope does not depend on it): Σq² stays in range for volumes up to
            // about 4e10 base units per interval over 300 intervals (low-priced tokens trade billions), while a volume
            // of 1e-4 keeps 7 digits in its square
            this.stats = state.add(new LaggedReturnStats(steps, 0, 0x1p-8));
        }

        @Override
        protected long memory() {
            return stats.memory();
        }

        @Override
        protected void apply(int input, Event event) {
            if (input == 0) {
                mid.set(event.getDouble(MidPriceFD.MID));
            } else {
                Trade t = (Trade) event;
                signedVolume.add(t.isBuy() ? t.amount() : -t.amount()); // adding −a is removing a, exactly; no branch on the side
            }
        }

        @Override
        protected void close(long grid, long receiptTs, Emitter emitter) {
            double dm = mid.change();
            double q = signedVolume.value();
            signedVolume.reset();
            stats.push(Double.isNaN(dm) ? 0 : dm, !Double.isNaN(dm), q, !Double.isNaN(dm));
            double lambda = stats.beta(0);
            if (!Double.isNaN(lambda)) {
                LAMBDA.set(out, lambda);
                out.setTimes(grid, receiptTs);
                emitter.emit(out);
            }
        }
    }
}

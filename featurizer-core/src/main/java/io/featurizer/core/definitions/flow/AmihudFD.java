package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.MidPriceFD;
import io.featurizer.core.definitions.GridOperator;
import io.featurizer.core.definitions.GridSample;
import io.featurizer.core.definitions.GridWindow;
import io.featurizer.core.definitions.RollingExactSum;
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
 * {@code flow.amihud}: Amihud (2002) illiquidity, the mean over the grid intervals in the window of
 * {@code |r| / DV}, with r the log return of the mid over an interval (its grid samples) and DV the traded notional
 * Σ price·amount in it (quote units); so per unit of quote currency (the literature often reports it × 10^6).
 * Intervals without trades (DV = 0) or without both mid samples are left out of the mean, as Amihud leaves out days
 * without volume. One value per grid point; none while no interval in the window counts.
 */
public final class AmihudFD extends MidAndTradesFD {
    public static final Schema SCHEMA = Schema.ofDoubles("amihud", "illiquidity");
    static final Schema.DoubleField ILLIQUIDITY = SCHEMA.doubleField("illiquidity");

    public AmihudFD() {
        super(new GridWindow("1m", "1h", 1), SCHEMA);
    }

    @Override
    public String name() {
        return "flow.amihud";
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Params p = ctx.params();
        return new Operator(grid().interval.nanos(p), grid().steps(p), ctx.newOutput());
    }

    /** Samples the mid and sums the notional per interval; averages the ratios of the window. */
    static final class Operator extends GridOperator {
        /**
         * Ratios are summed times 2^30: one of 1e-15 keeps 44 bits; a ratio may reach 2^32 (|r| = 0.01 on a notional
         * of 2e-12) before the sum throws.
         */
        private static final double SCALE = 0x1p30;
        private final FeatureEvent out;
        private final GridSample mid = state.add(new GridSample());
        private final FixedPointSum notional = state.add(new FixedPointSum());
        private final RollingExactSum ratios;

        Operator(long interval, int steps, FeatureEvent out) {
            super(interval);
            this.out = out;
            this.ratios = state.add(new RollingExactSum(steps, SCALE));
        }

        /** Past a window of idle intervals nothing counts and nothing is emitted. */
        @Override
        protected long memory() {
            return ratios.size() + 1L;
        }

        @Override
        protected void apply(int input, Event event) {
            if (input == 0) {
                mid.set(event.getDouble(MidPriceFD.MID));
            } else {
                Trade t = (Trade) event;
                notional.add(t.price() * t.amount());
            }
        }

        @Override
        protected void close(long grid, long receiptTs, Emitter emitter) {
            double r = mid.logReturn();
            double dv = notional.value();
            notional.reset();
            boolean counts = !Double.isNaN(r) && dv > 0;
            ratios.push(counts ? Math.abs(r) / dv : 0, counts);
            if (ratios.count() > 0) {
                ILLIQUIDITY.set(out, ratios.sum() / ratios.count());
                out.setTimes(grid, receiptTs);
                emitter.emit(out);
            }
        }
    }
}

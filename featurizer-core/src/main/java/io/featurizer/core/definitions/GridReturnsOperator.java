package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState.DoubleCell;
import io.featurizer.core.state.OperatorState.Flag;
import io.featurizer.core.state.OperatorState.LongCell;

/** Samples two mids on the grid, feeds their log returns to {@link LaggedReturnStats} and emits per closed grid point (see {@link GridReturnsFD}). */
final class GridReturnsOperator extends StatefulOperator {
    /** The statistic at a closed grid point, written into the output; false when undefined. */
    interface Result {
        boolean write(LaggedReturnStats stats, FeatureEvent out);
    }

    /** One side's latest mid and its sample at the last closed grid point. */
    private final class Side {
        final DoubleCell last = state.doubleCell();
        final Flag has = state.flag();
        final DoubleCell sample = state.doubleCell();
        final Flag sampled = state.flag();

        /** Its log return since the last grid point, or NaN when there is none. */
        double sampleReturn() {
            boolean ok = sampled.get() && has.get() && sample.get() > 0 && last.get() > 0;
            double r = ok ? Math.log(last.get() / sample.get()) : Double.NaN;
            sample.set(last.get());
            sampled.set(has.get());
            return r;
        }
    }

    private final long interval;
    private final Result result;
    private final FeatureEvent out;
    private final LongCell open = state.longCell(); // the next grid point to close
    private final Side a = new Side();
    private final Side b = new Side();
    private final LaggedReturnStats stats;

    GridReturnsOperator(long interval, LaggedReturnStats stats, Result result, FeatureEvent out) {
        this.interval = interval;
        this.stats = state.add(stats);
        this.result = result;
        this.out = out;
        open.set(Long.MIN_VALUE);
    }

    @Override
    public void onEvent(int input, Event event, Emitter emitter) {
        long ts = event.ts();
        if (open.get() == Long.MIN_VALUE) {
            open.set(-Math.floorDiv(-ts, interval) * interval); // the first grid point at or after ts
        }
        if (open.get() < ts) {
            long due = (ts - open.get() - 1) / interval + 1; // grid points in [open, ts)
            long closeNow = Math.min(due, stats.memory()); // beyond that, idle points only repeat one state
            for (long k = 0; k < closeNow; k++) {
                close(open.get(), event.receiptTs(), emitter);
                open.set(open.get() + interval);
            }
            open.set(open.get() + (due - closeNow) * interval);
        }
        Side side = input == 0 ? a : b;
        side.last.set(event.getDouble(0));
        side.has.set(true);
    }

    private void close(long grid, long receiptTs, Emitter emitter) {
        double ra = a.sampleReturn();
        double rb = b.sampleReturn();
        stats.push(Double.isNaN(ra) ? 0 : ra, !Double.isNaN(ra), Double.isNaN(rb) ? 0 : rb, !Double.isNaN(rb));
        if (result.write(stats, out)) {
            out.setTimes(grid, receiptTs);
            emitter.emit(out);
        }
    }
}

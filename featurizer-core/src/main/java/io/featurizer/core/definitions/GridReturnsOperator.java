package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;

/** Samples two mids on the grid, feeds their log returns to {@link LaggedReturnStats} and emits per closed grid point (see {@link GridReturnsFD}). */
final class GridReturnsOperator extends GridOperator {
    /** The statistic at a closed grid point, written into the output; false when undefined. */
    interface Result {
        boolean write(LaggedReturnStats stats, FeatureEvent out);
    }

    private final Result result;
    private final FeatureEvent out;
    private final GridSample a = state.add(new GridSample());
    private final GridSample b = state.add(new GridSample());
    private final LaggedReturnStats stats;

    GridReturnsOperator(long interval, LaggedReturnStats stats, Result result, FeatureEvent out) {
        super(interval);
        this.stats = state.add(stats);
        this.result = result;
        this.out = out;
    }

    @Override
    protected long memory() {
        return stats.memory();
    }

    @Override
    protected void apply(int input, Event event) {
        (input == 0 ? a : b).set(event.getDouble(MidPriceFD.MID));
    }

    @Override
    protected void close(long grid, long receiptTs, Emitter emitter) {
        double ra = a.logReturn();
        double rb = b.logReturn();
        stats.push(Double.isNaN(ra) ? 0 : ra, !Double.isNaN(ra), Double.isNaN(rb) ? 0 : rb, !Double.isNaN(rb));
        if (result.write(stats, out)) {
            out.setTimes(grid, receiptTs);
            emitter.emit(out);
        }
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState.LongCell;

/**
 * An operator on a time grid: the multiples of {@code interval} since the Unix epoch, on the inputs' exchange time.
 * Before an input with time {@code ts} is applied, every grid point {@code g < ts} not yet closed is closed in order,
 * so the state a grid point sees is that after every input processed before the first input with {@code ts > g}
 * (inputs at exactly g count for g). The first input opens the grid at the first point at or after its time.
 * After an idle gap, only the first {@link #memory()} points are closed one by one: past them every closed point
 * would repeat one state, so the rest are skipped (and emit nothing).
 */
public abstract class GridOperator extends StatefulOperator {
    private final long interval;
    private final LongCell open = state.longCell(); // the next grid point to close

    protected GridOperator(long interval) {
        this.interval = interval;
        open.set(Long.MIN_VALUE);
    }

    /** Idle grid points after which closing another changes nothing. */
    protected abstract long memory();

    /** Closes grid point {@code grid}; {@code receiptTs} is that of the input that closes it. */
    protected abstract void close(long grid, long receiptTs, Emitter emitter);

    /** Applies one input after the grid points before it are closed. */
    protected abstract void apply(int input, Event event);

    @Override
    public final void onEvent(int input, Event event, Emitter emitter) {
        long ts = event.ts();
        if (open.get() == Long.MIN_VALUE) {
            open.set(-Math.floorDiv(-ts, interval) * interval); // the first grid point at or after ts
        }
        if (open.get() < ts) {
            long due = (ts - open.get() - 1) / interval + 1; // grid points in [open, ts)
            long closeNow = Math.min(due, memory());
            for (long k = 0; k < closeNow; k++) {
                close(open.get(), event.receiptTs(), emitter);
                open.set(open.get() + interval);
            }
            open.set(open.get() + (due - closeNow) * interval);
        }
        apply(input, event);
    }
}

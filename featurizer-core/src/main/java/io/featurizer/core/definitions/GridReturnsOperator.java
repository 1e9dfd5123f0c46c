package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Samples two mids on the grid, feeds their log returns to {@link LaggedReturnStats} and emits per closed grid point (see {@link GridReturnsFD}). */
final class GridReturnsOperator implements FeatureOperator {
    /** The statistic at a closed grid point, written into the output; false when undefined. */
    interface Result {
        boolean write(LaggedReturnStats stats, FeatureEvent out);
    }

    private final long interval;
    private final LaggedReturnStats stats;
    private final Result result;
    private final FeatureEvent out;
    private long open = Long.MIN_VALUE; // the next grid point to close
    private double lastA;
    private double lastB;
    private boolean hasA;
    private boolean hasB;
    private double sampleA; // samples at the last closed grid point
    private double sampleB;
    private boolean sampledA;
    private boolean sampledB;

    GridReturnsOperator(long interval, LaggedReturnStats stats, Result result, FeatureEvent out) {
        this.interval = interval;
        this.stats = stats;
        this.result = result;
        this.out = out;
    }

    @Override
    public void onEvent(int input, Event event, Emitter emitter) {
        long ts = event.ts();
        if (open == Long.MIN_VALUE) {
            open = -Math.floorDiv(-ts, interval) * interval; // the first grid point at or after ts
        }
        if (open < ts) {
            long due = (ts - open - 1) / interval + 1; // grid points in [open, ts)
            long closeNow = Math.min(due, stats.memory()); // beyond that, idle points only repeat one state
            for (long k = 0; k < closeNow; k++) {
                close(open, event.receiptTs(), emitter);
                open += interval;
            }
            open += (due - closeNow) * interval;
        }
        double mid = event.getDouble(0);
        if (input == 0) {
            lastA = mid;
            hasA = true;
        } else {
            lastB = mid;
            hasB = true;
        }
    }

    private void close(long grid, long receiptTs, Emitter emitter) {
        boolean retA = sampledA && hasA && sampleA > 0 && lastA > 0;
        boolean retB = sampledB && hasB && sampleB > 0 && lastB > 0;
        stats.push(retA ? Math.log(lastA / sampleA) : 0, retA, retB ? Math.log(lastB / sampleB) : 0, retB);
        sampleA = lastA;
        sampleB = lastB;
        sampledA = hasA;
        sampledB = hasB;
        if (result.write(stats, out)) {
            out.setTimes(grid, receiptTs);
            emitter.emit(out);
        }
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        o.writeLong(open);
        o.writeDouble(lastA);
        o.writeDouble(lastB);
        o.writeBoolean(hasA);
        o.writeBoolean(hasB);
        o.writeDouble(sampleA);
        o.writeDouble(sampleB);
        o.writeBoolean(sampledA);
        o.writeBoolean(sampledB);
        stats.snapshot(o);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        open = in.readLong();
        lastA = in.readDouble();
        lastB = in.readDouble();
        hasA = in.readBoolean();
        hasB = in.readBoolean();
        sampleA = in.readDouble();
        sampleB = in.readDouble();
        sampledA = in.readBoolean();
        sampledB = in.readBoolean();
        stats.restore(in);
    }
}

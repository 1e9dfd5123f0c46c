package io.featurizer.core.definitions;

import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** One price on a time grid: its latest value and its sample at the last closed grid point ({@link GridOperator}). */
public final class GridSample implements Snapshottable {
    private double last;
    private boolean has;
    private double sample;
    private boolean sampled;

    /** The latest value. */
    public void set(double value) {
        last = value;
        has = true;
    }

    /** At a grid point: the log return since the previous grid point (NaN when either sample is missing or not positive); samples the value. */
    public double logReturn() {
        boolean ok = sampled && has && sample > 0 && last > 0;
        double r = ok ? Math.log(last / sample) : Double.NaN;
        advance();
        return r;
    }

    /** At a grid point: the change since the previous grid point (NaN when either sample is missing); samples the value. */
    public double change() {
        double d = sampled && has ? last - sample : Double.NaN;
        advance();
        return d;
    }

    private void advance() {
        sample = last;
        sampled = has;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeDouble(last);
        out.writeBoolean(has);
        out.writeDouble(sample);
        out.writeBoolean(sampled);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        last = in.readDouble();
        has = in.readBoolean();
        sample = in.readDouble();
        sampled = in.readBoolean();
    }
}

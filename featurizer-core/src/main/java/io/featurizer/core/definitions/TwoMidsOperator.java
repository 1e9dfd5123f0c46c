package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** Keeps the latest mid of each side and emits {@code formula(a, b)} on every input once both sides have one. */
final class TwoMidsOperator implements FeatureOperator {
    /** The value of the two latest mids. */
    interface Formula {
        double apply(double a, double b);
    }

    private final Formula formula;
    private final FeatureEvent out;
    private double a;
    private double b;
    private boolean hasA;
    private boolean hasB;

    TwoMidsOperator(Formula formula, FeatureEvent out) {
        this.formula = formula;
        this.out = out;
    }

    @Override
    public void onEvent(int input, Event event, Emitter emitter) {
        double mid = event.getDouble(0);
        if (input == 0) {
            a = mid;
            hasA = true;
        } else {
            b = mid;
            hasB = true;
        }
        if (hasA && hasB) {
            out.setTimes(event.ts(), event.receiptTs());
            out.set(0, formula.apply(a, b));
            emitter.emit(out);
        }
    }

    @Override
    public boolean ownsOutputs() {
        return true;
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        o.writeBoolean(hasA);
        o.writeDouble(a);
        o.writeBoolean(hasB);
        o.writeDouble(b);
        out.write(o);
    }

    @Override
    public void restore(DataInput in) throws IOException {
        hasA = in.readBoolean();
        a = in.readDouble();
        hasB = in.readBoolean();
        b = in.readDouble();
        out.read(in);
    }
}

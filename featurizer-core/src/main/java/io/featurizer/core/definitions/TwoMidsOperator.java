package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState;

/** Keeps the latest mid of each side and emits {@code formula(a, b)} on every input once both sides have one. */
final class TwoMidsOperator extends StatefulOperator {
    /** The value of the two latest mids. */
    interface Formula {
        double apply(double a, double b);
    }

    private final Formula formula;
    private final Schema.DoubleField value;
    private final OperatorState.LastOutput out;
    private final OperatorState.DoubleCell a = state.doubleCell();
    private final OperatorState.DoubleCell b = state.doubleCell();
    private final OperatorState.Flag hasA = state.flag();
    private final OperatorState.Flag hasB = state.flag();

    TwoMidsOperator(Formula formula, FeatureEvent out, Schema.DoubleField value) {
        this.formula = formula;
        this.value = value;
        this.out = state.lastOutput(out);
    }

    @Override
    public void onEvent(int input, Event event, Emitter emitter) {
        double mid = event.getDouble(MidPriceFD.MID);
        if (input == 0) {
            a.set(mid);
            hasA.set(true);
        } else {
            b.set(mid);
            hasB.set(true);
        }
        if (hasA.get() && hasB.get()) {
            FeatureEvent e = out.write();
            e.setTimes(event.ts(), event.receiptTs());
            e.set(value, formula.apply(a.get(), b.get()));
            emitter.emit(e);
        }
    }

    @Override
    public boolean ownsOutputs() {
        return true;
    }
}

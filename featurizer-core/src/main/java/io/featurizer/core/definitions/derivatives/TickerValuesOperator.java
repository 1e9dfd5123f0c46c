package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState;

/**
 * Values computed from each derivative ticker alone, emitted when they change (as the mid price is):
 * venues repeat an unchanged funding rate or mark price every second. Nothing while the formula has no
 * value (a field it needs is NaN).
 */
final class TickerValuesOperator extends StatefulOperator {
    /** Writes the output values of one ticker into {@code values}; false when they are undefined. */
    interface Formula {
        boolean apply(Event ticker, double[] values);
    }

    private final Formula formula;
    private final double[] values;
    private final OperatorState.LastOutput last;

    TickerValuesOperator(Formula formula, FeatureEvent out) {
        this.formula = formula;
        this.values = new double[out.schema().size()];
        this.last = state.lastOutput(out);
    }

    @Override
    public void onEvent(int input, Event e, Emitter emitter) {
        if (!formula.apply(e, values)) {
            return;
        }
        if (last.present() && unchanged(last.event())) {
            return;
        }
        FeatureEvent out = last.write();
        out.setTimes(e.ts(), e.receiptTs());
        for (int i = 0; i < values.length; i++) {
            out.set(i, values[i]);
        }
        emitter.emit(out);
    }

    private boolean unchanged(FeatureEvent previous) {
        for (int i = 0; i < values.length; i++) {
            if (Double.doubleToLongBits(values[i]) != Double.doubleToLongBits(previous.getDouble(i))) {
                return false;
            }
        }
        return true;
    }
}

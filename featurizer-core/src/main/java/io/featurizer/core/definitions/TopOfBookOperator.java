package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Quote;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.event.Schema;
import io.featurizer.core.state.OperatorState;
import io.featurizer.core.feature.StatefulOperator;


/**
 * A value of the best bid and ask (mid price, spread) from an L2 snapshot or a ticker, emitted when
 * it changes; nothing while a side is empty. Hand-written rather than a filter → map → unique
 * pipeline because it runs on nearly every book message: one call instead of four stage hops.
 */
final class TopOfBookOperator extends StatefulOperator {
    /** The value of a two-sided top of book. */
    interface Formula {
        double apply(double bid, double ask);
    }

    private final boolean ticker;
    private final Formula formula;
    private final Schema.DoubleField value;
    private final OperatorState.LastOutput last;

    TopOfBookOperator(boolean ticker, Formula formula, FeatureEvent out) {
        this.ticker = ticker;
        this.formula = formula;
        this.value = out.schema().doubleField(out.schema().field(0).name());
        this.last = state.lastOutput(out);
    }

    @Override
    public void onEvent(int input, Event e, Emitter emitter) {
        double bid;
        double ask;
        if (ticker) {
            bid = e.getDouble(Quote.BID_PRICE);
            ask = e.getDouble(Quote.ASK_PRICE);
            if (Double.isNaN(bid) || Double.isNaN(ask)) {
                return;
            }
        } else {
            if (e.arrayLength(L2SnapshotFD.BID_PRICES) == 0 || e.arrayLength(L2SnapshotFD.ASK_PRICES) == 0) {
                return;
            }
            bid = e.getArray(L2SnapshotFD.BID_PRICES)[0];
            ask = e.getArray(L2SnapshotFD.ASK_PRICES)[0];
        }
        double v = formula.apply(bid, ask);
        if (last.present() && Double.doubleToLongBits(v) == Double.doubleToLongBits(value.get(last.event()))) {
            return;
        }
        FeatureEvent out = last.write();
        out.setTimes(e.ts(), e.receiptTs());
        value.set(out, v);
        emitter.emit(out);
    }

    @Override
    public boolean ownsOutputs() {
        return true;
    }
}

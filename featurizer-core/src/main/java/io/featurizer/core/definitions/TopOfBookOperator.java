package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Quote;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A value of the best bid and ask (mid price, spread) from an L2 snapshot or a ticker, emitted when
 * it changes; nothing while a side is empty. Hand-written rather than a filter → map → unique
 * pipeline because it runs on nearly every book message: one call instead of four stage hops.
 */
final class TopOfBookOperator implements FeatureOperator {
    /** The value of a two-sided top of book. */
    interface Formula {
        double apply(double bid, double ask);
    }

    private final boolean ticker;
    private final Formula formula;
    private final FeatureEvent out;
    private boolean hasOut;

    TopOfBookOperator(boolean ticker, Formula formula, FeatureEvent out) {
        this.ticker = ticker;
        this.formula = formula;
        this.out = out;
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
        if (hasOut && Double.doubleToLongBits(v) == Double.doubleToLongBits(out.getDouble(0))) {
            return;
        }
        out.setTimes(e.ts(), e.receiptTs());
        out.set(0, v);
        hasOut = true;
        emitter.emit(out);
    }

    @Override
    public boolean ownsOutputs() {
        return true;
    }

    @Override
    public void snapshot(DataOutput o) throws IOException {
        o.writeBoolean(hasOut);
        if (hasOut) {
            out.write(o);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        hasOut = in.readBoolean();
        if (hasOut) {
            out.read(in);
        }
    }
}

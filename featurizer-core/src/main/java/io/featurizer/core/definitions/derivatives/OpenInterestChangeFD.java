package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.state.TimedValues;
import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.StatefulOperator;

import java.util.List;

/**
 * {@code derivatives.open_interest_change}: the change of open interest over a time {@code window} w,
 * against the value as of {@code t − w} (the last open interest with time ≤ t − w): absolute
 * {@code OI(t) − OI(t−w)} and relative {@code (OI(t) − OI(t−w)) / OI(t−w)} (NaN when that is 0).
 * Emitted at every ticker with a known open interest that has a reference value; no output while there
 * is none. The reference must be at most one window older than {@code t − w} (time in
 * {@code [t − 2w, t − w]}), which bounds the lookback to 2w so batch compute equals replay.
 */
public final class OpenInterestChangeFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("open_interest_change", "oi_change", "oi_change_rel");
    static final Schema.DoubleField CHANGE = SCHEMA.doubleField("oi_change");
    static final Schema.DoubleField RELATIVE = SCHEMA.doubleField("oi_change_rel");
    static final ParamSpec WINDOW = WindowedFD.windowParam("the horizon w of the change; the lookback is 2w (the reference may be up to w older than t − w)");

    @Override
    public String name() {
        return "derivatives.open_interest_change";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(WINDOW);
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of("derivative_ticker");
    }

    @Override
    public long lookbackNanos(Params params) {
        return 2 * WINDOW.nanos(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new Change(WINDOW.nanos(ctx.params()), ctx.newOutput());
    }

    /** Keeps the open interest of the last 2w; the head is the as-of value at t − w once one exists. O(1) amortized per ticker. */
    static final class Change extends StatefulOperator {
        private final long window;
        private final FeatureEvent out;
        private final TimedValues history = state.add(new TimedValues());

        Change(long window, FeatureEvent out) {
            this.window = window;
            this.out = out;
        }

        @Override
        public void onEvent(int input, Event e, Emitter emitter) {
            double oi = e.getDouble(DerivativeTicker.OPEN_INTEREST);
            if (Double.isNaN(oi)) {
                return;
            }
            long t = e.ts();
            history.add(t, oi);
            long asOf = t - window;
            // the head becomes the last value at or before t − w; older ones can never be a reference again
            while (history.size() > 1 && history.time(1) <= asOf) {
                history.removeOldest();
            }
            long oldest = asOf - window;
            if (history.time(0) > asOf || history.time(0) < oldest) {
                return; // no value as of t − w (the data is shorter than w, or the last one is too old)
            }
            double reference = history.value(0);
            out.setTimes(t, e.receiptTs());
            CHANGE.set(out, oi - reference);
            RELATIVE.set(out, reference == 0 ? Double.NaN : (oi - reference) / reference);
            emitter.emit(out);
        }
    }
}

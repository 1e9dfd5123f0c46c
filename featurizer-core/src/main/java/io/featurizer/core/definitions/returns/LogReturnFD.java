package io.featurizer.core.definitions.returns;

import io.featurizer.core.definitions.MidPriceFD;
import io.featurizer.core.state.TimedValues;
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
 * {@code returns.log_return}: {@code ln(mid_t / mid_{t−h})} over the {@code horizon} h, on every mid, with
 * {@code mid_{t−h}} the as-of value at t − h: the last mid with {@code ts ≤ t − h} (of mids at one time, the last).
 * NaN until the data covers h (no mid at or before t − h yet) and when either mid is not positive.
 */
public final class LogReturnFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("log_return", "log_return");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("log_return");
    static final ParamSpec HORIZON = ParamSpec.duration("horizon", "h: the return from the as-of mid at t − h to the mid at t; also the lookback")
            .withDefault("1m");

    @Override
    public String name() {
        return "returns.log_return";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(HORIZON);
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of("price.mid_price_fd");
    }

    @Override
    public long lookbackNanos(Params params) {
        return HORIZON.nanos(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new Operator(HORIZON.nanos(ctx.params()), ctx.newOutput());
    }

    /** The mids of the last h and the one before them (the as-of value), in {@link TimedValues}: amortized O(1). */
    static final class Operator extends StatefulOperator {
        private final long horizon;
        private final FeatureEvent out;
        private final TimedValues mids = state.add(new TimedValues());

        Operator(long horizon, FeatureEvent out) {
            this.horizon = horizon;
            this.out = out;
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            long t = event.ts();
            double mid = event.getDouble(MidPriceFD.MID);
            mids.add(t, mid);
            long asOf = t - horizon;
            mids.dropBefore(asOf);
            double r = Double.NaN;
            if (mids.time(0) <= asOf) {
                double then = mids.value(0);
                r = then > 0 && mid > 0 ? Math.log(mid / then) : Double.NaN;
            }
            OUT.set(out, r);
            out.setTimes(t, event.receiptTs());
            emitter.emit(out);
        }
    }
}

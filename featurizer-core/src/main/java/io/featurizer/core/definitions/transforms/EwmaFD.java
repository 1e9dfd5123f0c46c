package io.featurizer.core.definitions.transforms;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState;

import java.util.List;

/**
 * {@code transforms.ewma}: the exponentially weighted mean Σ wᵢ·xᵢ / Σ wᵢ of every value so far (pandas'
 * {@code ewm(adjust=True)}), with weight halving every {@code half_life} of time (wᵢ = 2^(−(t − tᵢ)/h), for irregular
 * events) or every {@code half_life_events} values (wᵢ = (1 − α)^(n − i), α = 1 − 2^(−1/h)). Emits on every value;
 * NaN values are skipped. Depends on every value so far: the lookback is the whole history.
 */
public final class EwmaFD extends TransformFD {
    static final Schema SCHEMA = Schema.ofDoubles("ewma", "ewma");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("ewma");
    static final ParamSpec HALF_LIFE = ParamSpec.duration("half_life", "half-life in time (time-decayed); give this or half_life_events");
    static final ParamSpec HALF_LIFE_EVENTS = ParamSpec.number("half_life_events", "half-life in values (event-decayed); give this or half_life")
            .rule(v -> Double.parseDouble(v.toString().trim()) > 0, "a number > 0");

    @Override
    public String name() {
        return "transforms.ewma";
    }

    @Override
    List<ParamSpec> ownParams() {
        return List.of(HALF_LIFE, HALF_LIFE_EVENTS);
    }

    @Override
    Schema outputSchema(Params params) {
        return SCHEMA;
    }

    @Override
    void checkParams(Params params) {
        if (params.has(HALF_LIFE.name()) == params.has(HALF_LIFE_EVENTS.name())) {
            throw new IllegalArgumentException("transforms.ewma needs exactly one of half_life (a duration) and half_life_events (a count)");
        }
    }

    @Override
    public long lookbackNanos(Params params) {
        return WHOLE_HISTORY;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Params p = ctx.params();
        return p.has(HALF_LIFE.name())
                ? new Operator(inputField(ctx), Math.log(2) / HALF_LIFE.nanos(p), 0)
                : new Operator(inputField(ctx), 0, Math.pow(0.5, 1 / HALF_LIFE_EVENTS.doubleValue(p)));
    }

    /** Decayed Σ w·x and Σ w: per nanosecond by {@code rate}, else per value by {@code keep}. */
    private static final class Operator extends StatefulOperator {
        private final Schema.DoubleField in;
        private final double rate;
        private final double keep;
        private final OperatorState.DoubleCell weighted = state.doubleCell();
        private final OperatorState.DoubleCell weights = state.doubleCell();
        private final OperatorState.LongCell last = state.longCell();
        private final FeatureEvent out = new FeatureEvent(SCHEMA);

        Operator(Schema.DoubleField in, double rate, double keep) {
            this.in = in;
            this.rate = rate;
            this.keep = keep;
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            double x = in.get(event);
            if (Double.isNaN(x)) {
                return;
            }
            long t = event.ts();
            double decay = rate > 0 ? Math.exp(-rate * Math.max(0, t - last.get())) : keep; // the first value meets empty sums
            last.set(t);
            double s = weighted.get() * decay + x;
            double w = weights.get() * decay + 1;
            weighted.set(s);
            weights.set(w);
            OUT.set(out, s / w);
            out.setTimes(t, event.receiptTs());
            emitter.emit(out);
        }
    }
}

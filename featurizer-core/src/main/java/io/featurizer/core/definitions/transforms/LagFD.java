package io.featurizer.core.definitions.transforms;

import io.featurizer.core.state.TimedValues;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.StatefulOperator;

import java.util.List;

/**
 * {@code transforms.lag}: on every value at time t, the value {@code events} values earlier, or the value as of
 * t − {@code delay} (the last one with ts ≤ t − delay, the last in input order among equal times). Nothing until such
 * a value exists. A lagged value can be arbitrarily old, so the lookback is the whole history.
 */
public final class LagFD extends TransformFD {
    static final Schema SCHEMA = Schema.ofDoubles("lag", "lag");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("lag");
    static final ParamSpec EVENTS = positiveInteger("events", "how many values back; give this or delay");
    static final ParamSpec DELAY = ParamSpec.duration("delay", "how long back, as of that time; give this or events");

    @Override
    public String name() {
        return "transforms.lag";
    }

    @Override
    List<ParamSpec> ownParams() {
        return List.of(EVENTS, DELAY);
    }

    @Override
    Schema outputSchema(Params params) {
        return SCHEMA;
    }

    @Override
    void checkParams(Params params) {
        if (params.has(EVENTS.name()) == params.has(DELAY.name())) {
            throw new IllegalArgumentException("transforms.lag needs exactly one of events (a count) and delay (a duration)");
        }
    }

    @Override
    public long lookbackNanos(Params params) {
        return WHOLE_HISTORY;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Params p = ctx.params();
        return p.has(EVENTS.name()) ? new Operator(inputField(ctx), EVENTS.intValue(p), -1) : new Operator(inputField(ctx), 0, DELAY.nanos(p));
    }

    private static final class Operator extends StatefulOperator {
        private final Schema.DoubleField in;
        private final int events;
        private final long delay; // -1: by events
        private final TimedValues recent = state.add(new TimedValues());
        private final FeatureEvent out = new FeatureEvent(SCHEMA);

        Operator(Schema.DoubleField in, int events, long delay) {
            this.in = in;
            this.events = events;
            this.delay = delay;
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            long t = event.ts();
            recent.add(t, in.get(event));
            boolean found;
            if (delay < 0) {
                if (recent.size() > events + 1) {
                    recent.removeOldest();
                }
                found = recent.size() == events + 1;
            } else {
                long asOf = t - delay;
                while (recent.size() > 1 && recent.time(1) <= asOf) {
                    recent.removeOldest(); // a later value is also as of then: the older one is never needed again
                }
                found = recent.time(0) <= asOf;
            }
            if (found) {
                OUT.set(out, recent.value(0));
                out.setTimes(t, event.receiptTs());
                emitter.emit(out);
            }
        }
    }
}

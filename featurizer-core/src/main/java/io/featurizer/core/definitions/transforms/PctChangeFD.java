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
 * {@code transforms.pct_change}: x_t / x_(t−p) − 1 with x_(t−p) the value {@code periods} values earlier (pandas'
 * {@code pct_change(periods)}). Nothing until there is one, nor while it is 0. Lookback: the whole history.
 */
public final class PctChangeFD extends TransformFD {
    static final Schema SCHEMA = Schema.ofDoubles("pct_change", "pct_change");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("pct_change");
    static final ParamSpec PERIODS = positiveInteger("periods", "how many values back").withDefault(1);

    @Override
    public String name() {
        return "transforms.pct_change";
    }

    @Override
    List<ParamSpec> ownParams() {
        return List.of(PERIODS);
    }

    @Override
    Schema outputSchema(Params params) {
        return SCHEMA;
    }

    @Override
    public long lookbackNanos(Params params) {
        return WHOLE_HISTORY;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new Operator(inputField(ctx), PERIODS.intValue(ctx.params()));
    }

    private static final class Operator extends StatefulOperator {
        private final Schema.DoubleField in;
        private final int periods;
        private final TimedValues recent = state.add(new TimedValues());
        private final FeatureEvent out = new FeatureEvent(SCHEMA);

        Operator(Schema.DoubleField in, int periods) {
            this.in = in;
            this.periods = periods;
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            double x = in.get(event);
            recent.add(event.ts(), x);
            if (recent.size() > periods + 1) {
                recent.removeOldest();
            }
            double before = recent.value(0);
            if (recent.size() == periods + 1 && before != 0) {
                OUT.set(out, x / before - 1);
                out.setTimes(event.ts(), event.receiptTs());
                emitter.emit(out);
            }
        }
    }
}

package io.featurizer.core.definitions.transforms;

import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

import java.util.List;

/**
 * {@code transforms.minmax}: (x − min) / (max − min) over the values of the last {@code window} of time
 * (t − w ≤ ts ≤ t, the current value included), in [0, 1]; 0.5 when max = min (one value, or all equal), so the
 * output stays finite for a model. Emits on every value; NaN values are skipped.
 */
public final class MinMaxFD extends TransformFD {
    static final Schema SCHEMA = Schema.ofDoubles("minmax", "minmax");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("minmax");
    static final ParamSpec WINDOW = WindowedFD.windowParam("the time window; also the lookback");

    @Override
    public String name() {
        return "transforms.minmax";
    }

    @Override
    List<ParamSpec> ownParams() {
        return List.of(WINDOW);
    }

    @Override
    Schema outputSchema(Params params) {
        return SCHEMA;
    }

    @Override
    public long lookbackNanos(Params params) {
        return WINDOW.nanos(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(Windows.slidingTime(WINDOW.nanos(ctx.params())), SCHEMA, new Range(inputField(ctx))));
    }

    /** Min, max and the newest value: mergeable, not invertible (the window slides by two stacks). */
    static final class Range implements Aggregator<Range.Extremes> {
        private final Schema.DoubleField in;

        static final class Extremes {
            double min, max, last;
            boolean any;
        }

        Range(Schema.DoubleField in) {
            this.in = in;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            row[off] = in.get(event);
            return !Double.isNaN(row[off]);
        }

        @Override
        public Extremes create() {
            return new Extremes();
        }

        @Override
        public void clear(Extremes a) {
            a.any = false;
        }

        @Override
        public void update(Extremes a, double[] row, int off) {
            double x = row[off];
            if (!a.any) {
                a.min = a.max = x;
                a.any = true;
            }
            a.min = Math.min(a.min, x);
            a.max = Math.max(a.max, x);
            a.last = x;
        }

        @Override
        public void merge(Extremes into, Extremes later) {
            if (!later.any) {
                return;
            }
            if (!into.any) {
                into.min = later.min;
                into.max = later.max;
                into.any = true;
            }
            into.min = Math.min(into.min, later.min);
            into.max = Math.max(into.max, later.max);
            into.last = later.last;
        }

        @Override
        public boolean finish(Extremes a, FeatureEvent out) {
            if (!a.any) {
                return false;
            }
            OUT.set(out, a.max == a.min ? 0.5 : (a.last - a.min) / (a.max - a.min));
            return true;
        }
    }
}

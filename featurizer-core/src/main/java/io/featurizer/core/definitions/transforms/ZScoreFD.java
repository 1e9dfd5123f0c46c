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
import io.featurizer.core.stream.ExactMoments;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

import java.util.List;

/**
 * {@code transforms.zscore}: (x − mean) / s over the values of the last {@code window} of time (t − w ≤ ts ≤ t, the
 * current value included), s the sample standard deviation (n − 1, as pandas' {@code rolling().std()}). Emits on every
 * value; nothing while the window holds fewer than two values or they are all equal (s = 0).
 */
public final class ZScoreFD extends TransformFD {
    static final Schema SCHEMA = Schema.ofDoubles("zscore", "zscore");
    static final Schema.DoubleField OUT = SCHEMA.doubleField("zscore");
    static final ParamSpec WINDOW = WindowedFD.windowParam("the time window; also the lookback");

    @Override
    public String name() {
        return "transforms.zscore";
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
        return p.output(p.input(0).window(Windows.slidingTime(WINDOW.nanos(ctx.params())), SCHEMA, new Moments(inputField(ctx))));
    }

    /**
     * Exact Σx and Σx² (x² split into its exact double-double parts) and the newest value: invertible, and the result
     * depends only on the window's values.
     */
    static final class Moments implements Aggregator<Moments.Sums> {
        private final Schema.DoubleField in;

        static final class Sums {
            final ExactMoments moments = new ExactMoments();
            double last;
        }

        Moments(Schema.DoubleField in) {
            this.in = in;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            row[off] = in.get(event);
            return !Double.isNaN(row[off]); // NaN values are skipped
        }

        @Override
        public Sums create() {
            return new Sums();
        }

        @Override
        public void clear(Sums a) {
            a.moments.reset();
        }

        @Override
        public void update(Sums a, double[] row, int off) {
            a.moments.add(row[off]);
            a.last = row[off];
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Sums a, double[] row, int off) {
            a.moments.remove(row[off]);
        }

        @Override
        public void merge(Sums into, Sums later) {
            if (later.moments.count() > 0) {
                into.last = later.last;
            }
            into.moments.merge(later.moments);
        }

        @Override
        public boolean finish(Sums a, FeatureEvent out) {
            int n = a.moments.count();
            if (n < 2) {
                return false;
            }
            double spread = a.moments.spread(); // n² times the population variance
            if (!(spread > 0)) {
                return false; // all values equal: no z-score
            }
            double std = Math.sqrt(spread / ((double) n * (n - 1)));
            OUT.set(out, (a.last - a.moments.mean()) / std);
            return true;
        }
    }
}

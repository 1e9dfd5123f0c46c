package io.featurizer.core.definitions.transforms;

import io.featurizer.core.state.TimedValues;
import io.featurizer.core.definitions.WindowedFD;
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
 * {@code transforms.quantile}: over the values of the last {@code window} of time ({@code t − w ≤ ts ≤ t}, the current
 * value included), the {@code q}-quantile by linear interpolation between order statistics (Hyndman-Fan type 7, the
 * default of numpy and pandas) and the percentile rank of the current value, ties averaged (pandas'
 * {@code rank(pct=True)}). O(log n) per value with an order-statistic tree. NaN values are skipped.
 */
public final class QuantileFD extends TransformFD {
    static final Schema SCHEMA = Schema.ofDoubles("quantile", "quantile", "rank");
    static final Schema.DoubleField QUANTILE = SCHEMA.doubleField("quantile"), RANK = SCHEMA.doubleField("rank");
    static final ParamSpec WINDOW = WindowedFD.windowParam("the time window; also the lookback");
    static final ParamSpec Q = ParamSpec.number("q", "the quantile, 0 to 1").withDefault(0.5)
            .rule(v -> {
                double q = Double.parseDouble(v.toString().trim());
                return q >= 0 && q <= 1;
            }, "a number from 0 to 1");

    @Override
    public String name() {
        return "transforms.quantile";
    }

    @Override
    List<ParamSpec> ownParams() {
        return List.of(WINDOW, Q);
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
        return new Operator(inputField(ctx), WINDOW.nanos(ctx.params()), Q.doubleValue(ctx.params()));
    }

    private static final class Operator extends StatefulOperator {
        private final Schema.DoubleField in;
        private final long window;
        private final double q;
        private final OrderStatistics sorted = new OrderStatistics();
        private final TimedValues values = state.add(new TimedValues(sorted)); // the snapshot is the time order; sorted is rebuilt
        private final FeatureEvent out = new FeatureEvent(SCHEMA);

        Operator(Schema.DoubleField in, long window, double q) {
            this.in = in;
            this.window = window;
            this.q = q;
        }

        @Override
        public boolean ownsOutputs() {
            return true;
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            double x = in.get(event) + 0.0; // -0.0 becomes 0.0: one zero in the order
            if (Double.isNaN(x)) {
                return;
            }
            long t = event.ts();
            values.add(t, x);
            while (t - values.time(0) > window) {
                values.removeOldest();
            }
            int n = sorted.size();
            double h = (n - 1) * q;
            int lo = (int) Math.floor(h);
            double quantile = sorted.kth(lo);
            if (lo + 1 < n && h > lo) {
                quantile += (h - lo) * (sorted.kth(lo + 1) - quantile);
            }
            QUANTILE.set(out, quantile);
            RANK.set(out, sorted.midRank(x) / n); // the average of the tied ranks, over n
            out.setTimes(t, event.receiptTs());
            emitter.emit(out);
        }
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.Windows;

import java.util.List;

/**
 * {@code volatility.volatility_stddev_fd}: population standard deviation of mid prices over a time
 * {@code window} (default 1m), updated incrementally on every mid price. Reads the mid price
 * feature (default) or the synthetic sine source ({@code dep_schema: synthetic_sine}).
 */
public final class VolatilityStddevFD extends WindowedFD {
    public static final Schema SCHEMA = Schema.ofDoubles("volatility", "volatility");

    @Override
    public String name() {
        return "volatility.volatility_stddev_fd";
    }

    static final ParamSpec DEP_SCHEMA = ParamSpec.oneOf(DepSchemas.NAME, "input: the mid price feature or the synthetic sine source",
            "mid_price", "synthetic_sine").withDefault("mid_price");
    private static final List<ParamSpec> PARAMS = List.of(windowParam("the time window; also the lookback"), DEP_SCHEMA);

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    protected Schema windowedSchema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.value(DEP_SCHEMA, params).equals("synthetic_sine") ? List.of("synthetic.synthetic_sine_mid_price")
                : List.of("price.mid_price_fd");
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(Windows.slidingTime(window(ctx.params())), SCHEMA, new StdDev(ctx.inputSchema(0).doubleField("mid_price"))));
    }

    /**
     * Population std from exact sums of x and x² (x² split into its exact double-double parts), so the
     * result depends only on the window's contents; the final n·Σx² − (Σx)² is formed with fma to
     * avoid cancellation at price-sized values.
     */
    static final class StdDev implements Aggregator<StdDev.Sums> {
        static final Schema.DoubleField OUT = SCHEMA.doubleField("volatility");
        private final Schema.DoubleField in;

        /** The intermediate: exact Σx, Σx² and the count. */
        static final class Sums {
            final FixedPointSum sum = new FixedPointSum();
            final FixedPointSum sumSq = new FixedPointSum();
            int n;
        }

        StdDev(Schema.DoubleField in) {
            this.in = in;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            row[off] = in.get(event);
            return true;
        }

        @Override
        public Sums create() {
            return new Sums();
        }

        @Override
        public void clear(Sums a) {
            a.sum.reset();
            a.sumSq.reset();
            a.n = 0;
        }

        @Override
        public void update(Sums a, double[] data, int off) {
            double x = data[off];
            double sq = x * x;
            a.sum.add(x);
            a.sumSq.add(sq);
            a.sumSq.add(Math.fma(x, x, -sq));
            a.n++;
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Sums a, double[] data, int off) {
            double x = data[off];
            double sq = x * x;
            a.sum.remove(x);
            a.sumSq.remove(sq);
            a.sumSq.remove(Math.fma(x, x, -sq));
            a.n--;
        }

        @Override
        public void merge(Sums into, Sums later) {
            into.sum.add(later.sum);
            into.sumSq.add(later.sumSq);
            into.n += later.n;
        }

        @Override
        public boolean finish(Sums a, FeatureEvent out) {
            OUT.set(out, std(a.sum, a.sumSq, a.n));
            return true;
        }
        static double std(FixedPointSum sum, FixedPointSum sumSq, int n) {
            if (n <= 1) {
                return 0.0;
            }
            double s1 = sum.value();
            double s1lo = sum.residual();
            double s2 = sumSq.value();
            double s2lo = sumSq.residual();
            // n·S2 − S1² in double-double: the leading terms cancel, their rounding errors are kept.
            double a = n * s2;
            double aErr = Math.fma(n, s2, -a) + n * s2lo;
            double b = s1 * s1;
            double bErr = Math.fma(s1, s1, -b) + 2 * s1 * s1lo;
            double num = (a - b) + (aErr - bErr);
            if (num <= 0) {
                return 0.0;
            }
            return Math.sqrt(num) / n;
        }
    }
}

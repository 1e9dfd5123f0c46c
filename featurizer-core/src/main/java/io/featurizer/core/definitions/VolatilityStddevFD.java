package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.stream.ExactMoments;
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
    public static final Schema.DoubleField VOLATILITY = SCHEMA.doubleField("volatility");

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
    static final class StdDev implements Aggregator<ExactMoments> {
        private final Schema.DoubleField in;

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
        public ExactMoments create() {
            return new ExactMoments();
        }

        @Override
        public void clear(ExactMoments a) {
            a.reset();
        }

        @Override
        public void update(ExactMoments a, double[] data, int off) {
            a.add(data[off]);
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(ExactMoments a, double[] data, int off) {
            a.remove(data[off]);
        }

        @Override
        public void merge(ExactMoments into, ExactMoments later) {
            into.merge(later);
        }

        @Override
        public boolean finish(ExactMoments a, FeatureEvent out) {
            VOLATILITY.set(out, std(a));
            return true;
        }

        /** The population standard deviation, 0 for fewer than two values. */
        static double std(ExactMoments a) {
            if (a.count() <= 1) {
                return 0.0;
            }
            double num = a.spread();
            if (num <= 0) {
                return 0.0;
            }
            return Math.sqrt(num) / a.count();
        }
    }
}

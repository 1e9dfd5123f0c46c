package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.DepSchemas;
import io.featurizer.core.definitions.ExactMoments;
import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

import java.util.List;

/**
 * {@code flow.roll_spread}: Roll (1984) effective spread {@code 2·√(−cov(Δp_t, Δp_{t−1}))} from the serial sample
 * covariance of consecutive trade price changes, in quote units. At a trade with time t the pairs are those of every
 * three consecutive trades in the time {@code window} ({@code t − window ≤ ts ≤ t}), so the value depends on the window's
 * trades alone (the lookback is the window). One value per trade; the spread is NaN while the covariance is not
 * negative (the model does not apply), and both are NaN with fewer than 2 pairs.
 */
public final class RollSpreadFD extends WindowedFD {
    public static final Schema SCHEMA = Schema.ofDoubles("roll_spread", "spread", "autocovariance");
    static final Schema.DoubleField SPREAD = SCHEMA.doubleField("spread");
    static final Schema.DoubleField AUTOCOVARIANCE = SCHEMA.doubleField("autocovariance");
    private static final List<ParamSpec> PARAMS = List.of(windowParam("the sliding time window of trades; also the lookback"),
            DepSchemas.TRADES);

    @Override
    public String name() {
        return "flow.roll_spread";
    }

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
        return DepSchemas.trades(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(Windows.slidingTime(window(ctx.params())), SCHEMA, new SerialCovariance()));
    }

    /**
     * Over trade prices: exact Σx, Σy, Σxy of the pairs (x = Δp_t, y = Δp_{t−1}) of consecutive prices, with the first
     * two and last two prices so that merging two runs adds the pairs across their boundary (exact, so a two-stack
     * window gives the bits of one aggregation). Not invertible: dropping the oldest price needs the next two. Changes
     * are scaled by 2^10 so products of tick-sized changes keep their precision; range: |Σxy| below 2^42 (price units
     * squared), e.g. changes of 100 over 400 000 pairs.
     */
    static final class SerialCovariance implements Aggregator<SerialCovariance.Prices> {
        private static final double SCALE = 0x1p10;

        static final class Prices {
            final FixedPointSum x = new FixedPointSum();
            final FixedPointSum y = new FixedPointSum();
            final FixedPointSum xy = new FixedPointSum();
            long pairs;
            long n;
            double first;
            double second;
            double penultimate;
            double last;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            row[off] = ((Trade) event).price();
            return true;
        }

        @Override
        public Prices create() {
            return new Prices();
        }

        @Override
        public void clear(Prices s) {
            s.x.reset();
            s.y.reset();
            s.xy.reset();
            s.pairs = 0;
            s.n = 0;
        }

        private static void addPair(Prices s, double p0, double p1, double p2) {
            double x = (p2 - p1) * SCALE;
            double y = (p1 - p0) * SCALE;
            s.x.add(x);
            s.y.add(y);
            ExactMoments.addProduct(s.xy, x, y);
            s.pairs++;
        }

        @Override
        public void update(Prices s, double[] row, int off) {
            double p = row[off];
            if (s.n >= 2) {
                addPair(s, s.penultimate, s.last, p);
            }
            if (s.n == 0) {
                s.first = p;
            } else if (s.n == 1) {
                s.second = p;
            }
            s.penultimate = s.last;
            s.last = p;
            s.n++;
        }

        @Override
        public void merge(Prices into, Prices later) {
            if (later.n == 0) {
                return;
            }
            if (into.n == 0) {
                into.x.add(later.x);
                into.y.add(later.y);
                into.xy.add(later.xy);
                into.pairs = later.pairs;
                into.n = later.n;
                into.first = later.first;
                into.second = later.second;
                into.penultimate = later.penultimate;
                into.last = later.last;
                return;
            }
            if (into.n >= 2) {
                addPair(into, into.penultimate, into.last, later.first);
            }
            if (later.n >= 2) {
                addPair(into, into.last, later.first, later.second);
            }
            into.x.add(later.x);
            into.y.add(later.y);
            into.xy.add(later.xy);
            into.pairs += later.pairs;
            if (into.n == 1) {
                into.second = later.first;
            }
            into.penultimate = later.n >= 2 ? later.penultimate : into.last;
            into.last = later.last;
            into.n += later.n;
        }

        /** Sample covariance (n − 1 in the denominator): (nΣxy − ΣxΣy) / (n(n − 1)), unscaled. */
        @Override
        public boolean finish(Prices s, FeatureEvent out) {
            long n = s.pairs;
            double cov = n < 2 ? Double.NaN : ExactMoments.coMoment(n, s.xy, s.x, s.y) / ((double) n * (n - 1)) / (SCALE * SCALE);
            AUTOCOVARIANCE.set(out, cov);
            SPREAD.set(out, cov < 0 ? 2 * Math.sqrt(-cov) : Double.NaN);
            return true;
        }
    }
}

package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.DepSchemas;
import io.featurizer.core.stream.ExactMoments;
import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.state.TimedValues;
import io.featurizer.core.stream.FixedPointSum;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

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
        return new Operator(window(ctx.params()), ctx.newOutput());
    }

    /** The window's trades and the exact sums of their pairs: each trade adds one pair and each eviction removes one, O(1). */
    static final class Operator extends StatefulOperator {
        private final FeatureEvent out;
        private final TradePairs pairs;

        Operator(long window, FeatureEvent out) {
            this.out = out;
            this.pairs = state.add(new TradePairs(window));
        }

        @Override
        public void onEvent(int input, Event event, Emitter emitter) {
            pairs.add(event.ts(), ((Trade) event).price());
            double cov = pairs.autocovariance();
            AUTOCOVARIANCE.set(out, cov);
            SPREAD.set(out, cov < 0 ? 2 * Math.sqrt(-cov) : Double.NaN);
            out.setTimes(event.ts(), event.receiptTs());
            emitter.emit(out);
        }
    }

    /**
     * The trades with {@code t − window ≤ ts ≤ t} (a ring of times and prices) and exact Σx, Σy, Σxy over the pairs
     * (x = Δp_t, y = Δp_{t−1}) of every three consecutive of them. Changes are scaled by 2^10 so products of tick-sized
     * changes keep their precision; range: |Σxy| below 2^42 (price units squared), e.g. changes of 100 over 400 000 pairs.
     * The snapshot is the trades; a restore sums their pairs again (exact: the same bits).
     */
    static final class TradePairs implements Snapshottable {
        private static final double SCALE = 0x1p10;
        private final long window;
        private final FixedPointSum x = new FixedPointSum();
        private final FixedPointSum y = new FixedPointSum();
        private final FixedPointSum xy = new FixedPointSum();
        private final TimedValues trades = new TimedValues(); // times and prices in the window

        TradePairs(long window) {
            this.window = window;
        }

        void add(long t, double price) {
            trades.add(t, price);
            if (trades.size() >= 3) {
                pair(trades.size() - 3, true);
            }
            while (t - trades.time(0) > window) {
                if (trades.size() >= 3) {
                    pair(0, false);
                }
                trades.removeOldest();
            }
        }

        /** Adds or removes the pair of the trades i, i + 1, i + 2 of the window. */
        private void pair(int i, boolean add) {
            double p0 = trades.value(i);
            double p1 = trades.value(i + 1);
            double p2 = trades.value(i + 2);
            double dx = (p2 - p1) * SCALE;
            double dy = (p1 - p0) * SCALE;
            if (add) {
                x.add(dx);
                y.add(dy);
                ExactMoments.addProduct(xy, dx, dy);
            } else {
                x.remove(dx);
                y.remove(dy);
                ExactMoments.removeProduct(xy, dx, dy);
            }
        }

        /** Sample covariance (n − 1 in the denominator) of the n pairs, (nΣxy − ΣxΣy) / (n(n − 1)), unscaled; NaN for n < 2. */
        double autocovariance() {
            long n = trades.size() - 2;
            return n < 2 ? Double.NaN : ExactMoments.coMoment(n, xy, x, y) / ((double) n * (n - 1)) / (SCALE * SCALE);
        }

        @Override
        public void snapshot(DataOutput o) throws IOException {
            trades.snapshot(o);
        }

        @Override
        public void restore(DataInput in) throws IOException {
            trades.restore(in);
            x.reset();
            y.reset();
            xy.reset();
            for (int i = 0; i + 2 < trades.size(); i++) {
                pair(i, true);
            }
        }
    }
}

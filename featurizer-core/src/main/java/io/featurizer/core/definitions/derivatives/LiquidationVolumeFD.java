package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Schema;
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
 * {@code derivatives.liquidation_volume}: liquidated amount and notional (price × amount) by side of the
 * liquidation order over a sliding time {@code window}. A liquidated long is closed by a SELL order (sell
 * columns), a liquidated short by a BUY order (buy columns). Emitted at every liquidation.
 */
public final class LiquidationVolumeFD extends WindowedFD {
    public static final Schema SCHEMA = Schema.ofDoubles("liquidation_volume", "buy_volume", "sell_volume", "buy_notional", "sell_notional");

    @Override
    public String name() {
        return "derivatives.liquidation_volume";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(windowParam("the sliding time window; also the lookback"));
    }

    @Override
    protected Schema windowedSchema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of("liquidations");
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(Windows.slidingTime(window(ctx.params())), SCHEMA, new Volumes()));
    }

    /** Exact sums by side; an element is [buy amount, sell amount, buy notional, sell notional] of one liquidation. */
    static final class Volumes implements Aggregator<Volumes.Sums> {
        static final Schema.DoubleField BUY_VOLUME = SCHEMA.doubleField("buy_volume");
        static final Schema.DoubleField SELL_VOLUME = SCHEMA.doubleField("sell_volume");
        static final Schema.DoubleField BUY_NOTIONAL = SCHEMA.doubleField("buy_notional");
        static final Schema.DoubleField SELL_NOTIONAL = SCHEMA.doubleField("sell_notional");

        static final class Sums {
            final FixedPointSum buyVolume = new FixedPointSum();
            final FixedPointSum sellVolume = new FixedPointSum();
            final FixedPointSum buyNotional = new FixedPointSum();
            final FixedPointSum sellNotional = new FixedPointSum();
        }

        @Override
        public int width() {
            return 4;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            boolean buy = event.getLong(Liquidation.SIDE) > 0;
            double amount = event.getDouble(Liquidation.AMOUNT);
            double notional = event.getDouble(Liquidation.PRICE) * amount;
            row[off] = buy ? amount : 0;
            row[off + 1] = buy ? 0 : amount;
            row[off + 2] = buy ? notional : 0;
            row[off + 3] = buy ? 0 : notional;
            return true;
        }

        @Override
        public Sums create() {
            return new Sums();
        }

        @Override
        public void clear(Sums s) {
            s.buyVolume.reset();
            s.sellVolume.reset();
            s.buyNotional.reset();
            s.sellNotional.reset();
        }

        @Override
        public void update(Sums s, double[] row, int off) {
            s.buyVolume.add(row[off]);
            s.sellVolume.add(row[off + 1]);
            s.buyNotional.add(row[off + 2]);
            s.sellNotional.add(row[off + 3]);
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Sums s, double[] row, int off) {
            s.buyVolume.remove(row[off]);
            s.sellVolume.remove(row[off + 1]);
            s.buyNotional.remove(row[off + 2]);
            s.sellNotional.remove(row[off + 3]);
        }

        @Override
        public void merge(Sums into, Sums later) {
            into.buyVolume.add(later.buyVolume);
            into.sellVolume.add(later.sellVolume);
            into.buyNotional.add(later.buyNotional);
            into.sellNotional.add(later.sellNotional);
        }

        @Override
        public boolean finish(Sums s, FeatureEvent out) {
            BUY_VOLUME.set(out, s.buyVolume.value());
            SELL_VOLUME.set(out, s.sellVolume.value());
            BUY_NOTIONAL.set(out, s.buyNotional.value());
            SELL_NOTIONAL.set(out, s.sellNotional.value());
            return true;
        }
    }
}

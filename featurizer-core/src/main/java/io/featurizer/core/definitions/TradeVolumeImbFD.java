package io.featurizer.core.definitions;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.EventStream;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.stream.FixedPointSum;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Aggregator;
import io.featurizer.core.stream.Windows;

import java.util.List;

/**
 * {@code tvi.trade_volume_imb_fd}: trade volume imbalance 2·(buy − sell)/(buy + sell) of taker
 * notional (price × amount) over a time {@code window} (default 1m). {@code sampling}: {@code raw}
 * (one value per trade, the default) or a duration (the last value of each bucket).
 */
public final class TradeVolumeImbFD extends WindowedFD {
    public static final Schema SCHEMA = Schema.ofDoubles("trade_volume_imb", "tvi");

    @Override
    public String name() {
        return "tvi.trade_volume_imb_fd";
    }

    static final ParamSpec SAMPLING = ParamSpec.duration("sampling", "raw: one value per trade; a duration: the last value of each bucket")
            .withDefault("raw").orWords("raw");
    private static final List<ParamSpec> PARAMS = List.of(windowParam("the time window; also the lookback"), SAMPLING, DepSchemas.TRADES);

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    protected Schema windowedSchema(Params params) {
        return SCHEMA;
    }

    /** 0 for raw, else the bucket length. */
    private static long sampling(Params params) {
        return SAMPLING.is(params, "raw") ? 0 : SAMPLING.nanos(params);
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        EventStream tvi = p.input(0).window(Windows.slidingTime(window(ctx.params())), SCHEMA, new Imbalance());
        long bucket = sampling(ctx.params());
        return p.output(bucket > 0 ? tvi.sample(bucket) : tvi);
    }

    /** Exact running buy and sell notional; an element is [buy, sell] of one trade. */
    static final class Imbalance implements Aggregator<Imbalance.Notional> {
        static final Schema.DoubleField OUT = SCHEMA.doubleField("tvi");

        /** The intermediate: exact buy and sell notional. */
        static final class Notional {
            final FixedPointSum buy = new FixedPointSum();
            final FixedPointSum sell = new FixedPointSum();
        }

        @Override
        public int width() {
            return 2;
        }

        @Override
        public boolean extract(Event event, double[] row, int off) {
            Trade t = (Trade) event;
            double notional = t.price() * t.amount();
            row[off] = t.isBuy() ? notional : 0;
            row[off + 1] = t.isBuy() ? 0 : notional;
            return true;
        }

        @Override
        public Notional create() {
            return new Notional();
        }

        @Override
        public void clear(Notional a) {
            a.buy.reset();
            a.sell.reset();
        }

        @Override
        public void update(Notional a, double[] data, int off) {
            a.buy.add(data[off]);
            a.sell.add(data[off + 1]);
        }

        @Override
        public boolean invertible() {
            return true;
        }

        @Override
        public void remove(Notional a, double[] data, int off) {
            a.buy.remove(data[off]);
            a.sell.remove(data[off + 1]);
        }

        @Override
        public void merge(Notional into, Notional later) {
            into.buy.add(later.buy);
            into.sell.add(later.sell);
        }

        @Override
        public boolean finish(Notional a, FeatureEvent out) {
            double b = a.buy.value();
            double s = a.sell.value();
            OUT.set(out, b + s == 0 ? 0.0 : 2 * (b - s) / (b + s));
            return true;
        }
    }
}

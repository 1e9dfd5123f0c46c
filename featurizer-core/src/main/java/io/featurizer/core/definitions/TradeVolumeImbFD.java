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
import io.featurizer.core.stream.WindowAggregator;

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
    Schema windowedSchema(Params params) {
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
        EventStream tvi = p.input(0).window(window(ctx.params()), SCHEMA, new Imbalance());
        long bucket = sampling(ctx.params());
        return p.output(bucket > 0 ? tvi.sample(bucket) : tvi);
    }

    /** Exact running buy and sell notional; the window stores [buy, sell] per trade. */
    static final class Imbalance implements WindowAggregator {
        private final FixedPointSum buy = new FixedPointSum();
        private final FixedPointSum sell = new FixedPointSum();

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
        public void add(double[] data, int off) {
            buy.add(data[off]);
            sell.add(data[off + 1]);
        }

        @Override
        public void remove(double[] data, int off) {
            buy.remove(data[off]);
            sell.remove(data[off + 1]);
        }

        @Override
        public void reset() {
            buy.reset();
            sell.reset();
        }

        @Override
        public boolean result(Window window, FeatureEvent out) {
            double b = buy.value();
            double s = sell.value();
            out.set(0, b + s == 0 ? 0.0 : 2 * (b - s) / (b + s));
            return true;
        }
    }
}

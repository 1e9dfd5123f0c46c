package io.featurizer.core.definitions;

import io.featurizer.core.definitions.bars.BarSchema;
import io.featurizer.core.definitions.bars.TimeBarsFD;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;

import java.util.List;

/**
 * {@code ohlcv.ohlcv_fd}: time bars of trades over epoch-aligned buckets of {@code window} (default
 * 1m): open, high, low, close, volume (sum of amounts), vwap (Σ price·amount / Σ amount) and
 * num_trades. A bar is emitted when the first trade of a later bucket arrives; its {@code ts} is
 * the bucket's end (the moment every trade in it had happened, so joins on it never see the
 * future) and its {@code receiptTs} that of the trade that closed it. Buckets without trades emit
 * no bar. The original's version mixed buckets and windows; this is the intended bar. Same bars as
 * {@code bars.time} (one mechanism: {@link TimeBarsFD}), kept under its original name and schema.
 */
public final class OhlcvFD extends WindowedFD {
    public static final Schema SCHEMA = BarSchema.named("ohlcv");
    public static final Schema.DoubleField OPEN = SCHEMA.doubleField("open"), HIGH = SCHEMA.doubleField("high"),
            LOW = SCHEMA.doubleField("low"), CLOSE = SCHEMA.doubleField("close"), VOLUME = SCHEMA.doubleField("volume"),
            VWAP = SCHEMA.doubleField("vwap");
    public static final Schema.LongField NUM_TRADES = SCHEMA.longField("num_trades");

    @Override
    public String name() {
        return "ohlcv.ohlcv_fd";
    }

    private static final List<ParamSpec> PARAMS = List.of(windowParam("bar length: epoch-aligned buckets; also the lookback"), DepSchemas.TRADES);

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
        return TimeBarsFD.operator(ctx, SCHEMA);
    }
}

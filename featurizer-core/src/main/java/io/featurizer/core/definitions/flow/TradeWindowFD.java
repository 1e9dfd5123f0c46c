package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.DepSchemas;
import io.featurizer.core.definitions.WindowedFD;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

import java.util.List;

/**
 * A statistic of the trades in a sliding time {@code window} (default 1m): at a trade with time t, the trades with
 * {@code t − window ≤ ts ≤ t} (ties at t included, a trade exactly {@code window} old included), one value per trade,
 * timed like it.
 */
abstract class TradeWindowFD extends WindowedFD {
    private static final List<ParamSpec> PARAMS = List.of(windowParam("the sliding time window; also the lookback"), DepSchemas.TRADES);
    private final Schema schema;

    TradeWindowFD(Schema schema) {
        this.schema = schema;
    }

    /** The aggregator of one feature instance over a window of {@code windowNanos}. */
    abstract TradeSums aggregator(long windowNanos);

    @Override
    public final List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    protected final Schema windowedSchema(Params params) {
        return schema;
    }

    @Override
    public final List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    @Override
    public final FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        long window = window(ctx.params());
        return p.output(p.input(0).window(Windows.slidingTime(window), schema, aggregator(window)));
    }
}

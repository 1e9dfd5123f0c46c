package io.featurizer.core.definitions.bars;

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
 * {@code bars.time}: time bars of trades over epoch-aligned buckets {@code [k·window, (k+1)·window)}. A bar is emitted
 * when the first trade of a later bucket arrives, timed at its bucket's end; buckets without trades emit nothing.
 * The same bars as {@code ohlcv.ohlcv_fd}, under the {@code bars.*} schema.
 */
public final class TimeBarsFD extends WindowedFD {
    private static final List<ParamSpec> PARAMS = List.of(windowParam("bar length: epoch-aligned buckets; also the lookback"), DepSchemas.TRADES);

    @Override
    public String name() {
        return "bars.time";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return PARAMS;
    }

    @Override
    protected Schema windowedSchema(Params params) {
        return BarSchema.BARS;
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return operator(ctx, BarSchema.BARS);
    }

    /** Time bars of {@code window} into {@code schema} (a {@link BarSchema} layout): shared with {@code ohlcv.ohlcv_fd}. */
    public static FeatureOperator operator(OperatorContext ctx, Schema schema) {
        Pipeline p = new Pipeline(ctx);
        return p.output(p.input(0).window(Windows.tumblingTime(window(ctx.params())), schema, new BarAggregator()));
    }
}

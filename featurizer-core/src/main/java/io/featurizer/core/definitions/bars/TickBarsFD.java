package io.featurizer.core.definitions.bars;

import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/** {@code bars.tick}: a bar every {@code ticks} trades, closed by the {@code ticks}-th. */
public final class TickBarsFD extends ThresholdBarsFD {
    static final ParamSpec TICKS = positiveInteger("ticks", "trades per bar").withDefault(100);

    @Override
    public String name() {
        return "bars.tick";
    }

    @Override
    List<ParamSpec> ruleParams() {
        return List.of(TICKS);
    }

    @Override
    BarRule rule(Params params) {
        long ticks = TICKS.longValue(params);
        return new StatelessRule() {
            @Override
            public boolean closes(double price, double amount, boolean buy, BarAggregator.Ohlcv bar) {
                return bar.trades() >= ticks;
            }
        };
    }
}

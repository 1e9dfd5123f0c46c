package io.featurizer.core.definitions.bars;

import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/** {@code bars.dollar}: a bar closed by the trade that brings its exact Σ price·amount to {@code notional} or more. */
public final class DollarBarsFD extends ThresholdBarsFD {
    static final ParamSpec NOTIONAL = positiveNumber("notional", "quote notional (Σ price·amount) per bar").required();

    @Override
    public String name() {
        return "bars.dollar";
    }

    @Override
    List<ParamSpec> ruleParams() {
        return List.of(NOTIONAL);
    }

    @Override
    BarRule rule(Params params) {
        double notional = NOTIONAL.doubleValue(params);
        return new StatelessRule() {
            @Override
            public boolean closes(double price, double amount, boolean buy, BarAggregator.Ohlcv bar) {
                return bar.notional().value() >= notional;
            }
        };
    }
}

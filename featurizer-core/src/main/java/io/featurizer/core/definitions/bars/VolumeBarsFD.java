package io.featurizer.core.definitions.bars;

import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/** {@code bars.volume}: a bar closed by the trade that brings its exact Σ amount to {@code volume} or more. */
public final class VolumeBarsFD extends ThresholdBarsFD {
    static final ParamSpec VOLUME = positiveNumber("volume", "base volume (Σ amount) per bar").required();

    @Override
    public String name() {
        return "bars.volume";
    }

    @Override
    List<ParamSpec> ruleParams() {
        return List.of(VOLUME);
    }

    @Override
    BarRule rule(Params params) {
        double volume = VOLUME.doubleValue(params);
        return new StatelessRule() {
            @Override
            public boolean closes(double price, double amount, boolean buy, BarAggregator.Ohlcv bar) {
                return bar.volume().value() >= volume;
            }
        };
    }
}

package io.featurizer.core.definitions.bars;

import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.stream.Pipeline;
import io.featurizer.core.stream.Windows;

/** {@code returns.garman_klass}: Garman and Klass (1980), σ² = mean over the window of ½(ln H/L)² − (2 ln 2 − 1)(ln C/O)². */
public final class GarmanKlassFD extends RangeVolatilityFD {
    static final double BODY = 2 * Math.log(2) - 1;

    @Override
    public String name() {
        return "returns.garman_klass";
    }

    @Override
    int minBars() {
        return 1;
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        Pipeline p = new Pipeline(ctx);
        int n = bars(ctx.params());
        return p.output(p.input(0).window(Windows.slidingCount(n), SCHEMA, new Terms(Ohlc.of(ctx.inputSchema(0)), n)));
    }

    static final class Terms extends MeanTermVolatility {
        Terms(Ohlc in, int bars) {
            super(in, bars);
        }

        @Override
        double term(double u, double c) {
            return 0.5 * u * u - BODY * c * c;
        }
    }
}

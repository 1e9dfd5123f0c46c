package io.featurizer.core.definitions.derivatives;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * {@code derivatives.funding_annualized}: the funding rate as a simple (not compounded) yearly rate,
 * {@code rate × 365 d / funding_interval}, and the same of the predicted rate (NaN where the venue
 * publishes none). Emitted when the values change; nothing while the funding rate is unknown.
 */
public final class FundingAnnualizedFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("funding_annualized", "funding_annualized", "predicted_funding_annualized");
    static final Schema.DoubleField FUNDING = SCHEMA.doubleField("funding_annualized");
    static final Schema.DoubleField PREDICTED = SCHEMA.doubleField("predicted_funding_annualized");
    /** Crypto perpetuals fund every day of the year. */
    static final long YEAR_NANOS = 365L * 24 * 3_600 * 1_000_000_000L;

    static final ParamSpec FUNDING_INTERVAL = ParamSpec.duration("funding_interval",
            "the venue's funding interval for the symbol (Binance, Bybit, OKX: 8h for most perpetuals; some pay every 4h or 1h)")
            .withDefault("8h").rule(v -> true, "a positive duration");

    @Override
    public String name() {
        return "derivatives.funding_annualized";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(FUNDING_INTERVAL);
    }

    @Override
    public Schema schema(Params params) {
        if (FUNDING_INTERVAL.nanos(params) <= 0) {
            throw new IllegalArgumentException("param 'funding_interval': must be a positive duration, got " + params.get("funding_interval"));
        }
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of("derivative_ticker");
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        double periodsPerYear = (double) YEAR_NANOS / FUNDING_INTERVAL.nanos(ctx.params());
        return new TickerValuesOperator((t, v) -> {
            double rate = t.getDouble(DerivativeTicker.FUNDING_RATE);
            if (Double.isNaN(rate)) {
                return false;
            }
            v[FUNDING.index()] = rate * periodsPerYear;
            v[PREDICTED.index()] = t.getDouble(DerivativeTicker.PREDICTED_FUNDING_RATE) * periodsPerYear;
            return true;
        }, ctx.newOutput());
    }
}

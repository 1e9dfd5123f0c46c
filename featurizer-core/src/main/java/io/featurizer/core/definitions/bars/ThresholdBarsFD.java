package io.featurizer.core.definitions.bars;

import io.featurizer.core.definitions.DepSchemas;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.ArrayList;
import java.util.List;

/**
 * Bars of trades that close on a threshold of activity rather than of time (López de Prado, AFML ch. 2): each is a
 * {@link ThresholdBarOperator} with its own {@link BarRule}. Which bar a trade falls in depends on every trade since
 * the stream began, so the lookback is the whole history.
 */
abstract class ThresholdBarsFD extends FeatureDefinition {
    /** This definition's own params; {@code dep_schema} is added. */
    abstract List<ParamSpec> ruleParams();

    /** A fresh rule for one feature instance. */
    abstract BarRule rule(Params params);

    @Override
    public final List<ParamSpec> paramSpecs() {
        List<ParamSpec> all = new ArrayList<>(ruleParams());
        all.add(DepSchemas.TRADES);
        return all;
    }

    @Override
    public final Schema schema(Params params) {
        return BarSchema.BARS;
    }

    @Override
    public final List<String> dependencies(Params params) {
        return DepSchemas.trades(params);
    }

    @Override
    public final long lookbackNanos(Params params) {
        return WHOLE_HISTORY;
    }

    @Override
    public final FeatureOperator createOperator(OperatorContext ctx) {
        return new ThresholdBarOperator(BarSchema.BARS, rule(ctx.params()));
    }

    /** A whole number ≥ 1. */
    static ParamSpec positiveInteger(String name, String doc) {
        return ParamSpec.integer(name, doc).rule(v -> (v instanceof Number n ? n.longValue() : Long.parseLong(v.toString().trim())) >= 1,
                "an integer >= 1");
    }

    /** A number > 0. */
    static ParamSpec positiveNumber(String name, String doc) {
        return ParamSpec.number(name, doc).rule(v -> Double.parseDouble(v.toString().trim()) > 0, "a number > 0");
    }

    /** A rule with no state of its own: it reads the bar. */
    abstract static class StatelessRule implements BarRule {
        @Override
        public void reset(BarAggregator.Ohlcv closed) {
        }

        @Override
        public void snapshot(java.io.DataOutput out) {
        }

        @Override
        public void restore(java.io.DataInput in) {
        }
    }
}

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
 * {@code derivatives.mark_index_basis}: the premium of the mark price over the index price in basis
 * points, {@code (mark − index) / index × 10 000}. Emitted when it changes; nothing while the mark or
 * the index is unknown (NaN) or the index is 0.
 */
public final class MarkIndexBasisFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("mark_index_basis", "basis_bps");

    @Override
    public String name() {
        return "derivatives.mark_index_basis";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of();
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of("derivative_ticker");
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new TickerValuesOperator((t, v) -> {
            double mark = t.getDouble(DerivativeTicker.MARK_PRICE);
            double index = t.getDouble(DerivativeTicker.INDEX_PRICE);
            if (Double.isNaN(mark) || Double.isNaN(index) || index == 0) {
                return false;
            }
            v[0] = (mark - index) / index * 10_000;
            return true;
        }, ctx.newOutput());
    }
}

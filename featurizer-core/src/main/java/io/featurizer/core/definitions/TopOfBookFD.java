package io.featurizer.core.definitions;

import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;

import java.util.List;

/**
 * A single value of the best bid and ask, from the L2 snapshot feature ({@code dep_schema: l2_book},
 * the default) or the ticker ({@code dep_schema: ticker}), emitted when it changes.
 */
abstract class TopOfBookFD extends FeatureDefinition {
    private final Schema schema;
    private final TopOfBookOperator.Formula formula;

    TopOfBookFD(Schema schema, TopOfBookOperator.Formula formula) {
        this.schema = schema;
        this.formula = formula;
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of(DepSchemas.BOOK_OR_TICKER);
    }

    @Override
    public Schema schema(Params params) {
        return schema;
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.bookOrTicker(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new TopOfBookOperator(ctx.inputSchema(0).equals(Quote.SCHEMA), formula, ctx.newOutput());
    }
}

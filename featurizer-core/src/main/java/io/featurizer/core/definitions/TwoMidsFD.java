package io.featurizer.core.definitions;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * A cross-instrument value of two mid prices, A (the first {@code data_source}) and B (the second), emitted on
 * every mid of either side once both have one, with that input's times. The two mids are {@code price.mid_price_fd}
 * features (depth 1 takes their {@code dep_schema}: the L2 snapshot or the ticker). Inputs reach the operator in
 * the run's order (DESIGN.md section 4: time, then the source's rank, then its sequence), so a tie across the two
 * sources is decided by the graph, never here.
 */
abstract class TwoMidsFD extends FeatureDefinition {
    private final Schema schema;
    private final TwoMidsOperator.Formula formula;

    TwoMidsFD(Schema schema, TwoMidsOperator.Formula formula) {
        this.schema = schema;
        this.formula = formula;
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return List.of();
    }

    @Override
    public Schema schema(Params params) {
        return schema;
    }

    @Override
    public List<String> dependencies(Params params) {
        return List.of("price.mid_price_fd", "price.mid_price_fd");
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new TwoMidsOperator(formula, ctx.newOutput(), schema.doubleField(schema.field(0).name()));
    }

    /** The venue data source under a child feature (its first leaf). */
    static Params leaf(Feature f) {
        Feature x = f;
        while (!x.isDataSource()) {
            x = x.children().get(0);
        }
        return x.params();
    }

    static String describe(Params source) {
        return source.getString(DataSourceDefinition.EXCHANGE, "?") + " " + source.getString(DataSourceDefinition.INSTRUMENT_TYPE, "?")
                + " " + source.getString(DataSourceDefinition.SYMBOL, "?");
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.Params;
import io.featurizer.core.stream.FeatureOperator;
import io.featurizer.core.stream.OperatorContext;

import java.util.List;
import java.util.Map;

/**
 * {@code price.mid_price_fd}: (best bid + best ask) / 2, from the L2 snapshot feature
 * ({@code dep_schema: l2_book}, the default) or from the ticker ({@code dep_schema: ticker}).
 * Emits only when the mid changes.
 */
public final class MidPriceFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("mid_price", "mid_price");

    @Override
    public String name() {
        return "price.mid_price_fd";
    }

    @Override
    public Map<String, Object> defaultParams() {
        return Map.of("dep_schema", "l2_book");
    }

    @Override
    public Schema schema(Params params) {
        return SCHEMA;
    }

    @Override
    public List<String> dependencies(Params params) {
        return DepSchemas.bookOrTicker(params);
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new TopOfBookOperator(ctx.inputSchema(0).equals(Quote.SCHEMA), (bid, ask) -> (bid + ask) / 2, ctx.newOutput());
    }
}

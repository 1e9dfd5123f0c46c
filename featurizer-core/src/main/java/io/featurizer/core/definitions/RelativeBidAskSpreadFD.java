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
 * {@code spread.relative_bid_ask_spread_fd}: 2·|bid − ask| / (bid + ask), from the L2 snapshot
 * feature (default) or the ticker ({@code dep_schema: ticker}). Emits only when the value changes.
 */
public final class RelativeBidAskSpreadFD extends FeatureDefinition {
    public static final Schema SCHEMA = Schema.ofDoubles("relative_bid_ask_spread", "spread");

    @Override
    public String name() {
        return "spread.relative_bid_ask_spread_fd";
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
        return new TopOfBookOperator(ctx.inputSchema(0).equals(Quote.SCHEMA), (bid, ask) -> 2 * Math.abs(bid - ask) / (bid + ask), ctx.newOutput());
    }
}

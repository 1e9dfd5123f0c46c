package io.featurizer.core.definitions.flow;

import io.featurizer.core.definitions.GridWindow;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * A rolling statistic on a time grid of one instrument's mid price (first child, {@code price.mid_price_fd}) and its
 * trades (second child, {@code trades}): grid points, windows and timing as in {@link io.featurizer.core.definitions.GridOperator}
 * and {@link GridWindow}; the trades of interval g are those with {@code g − interval < ts ≤ g}.
 */
abstract class MidAndTradesFD extends FeatureDefinition {
    private final GridWindow grid;
    private final Schema schema;

    MidAndTradesFD(GridWindow grid, Schema schema) {
        this.grid = grid;
        this.schema = schema;
    }

    GridWindow grid() {
        return grid;
    }

    @Override
    public final List<ParamSpec> paramSpecs() {
        return List.of(grid.interval, grid.window);
    }

    @Override
    public final Schema schema(Params params) {
        grid.steps(params);
        return schema;
    }

    @Override
    public final List<String> dependencies(Params params) {
        return List.of("price.mid_price_fd", "trades");
    }

    @Override
    public final long lookbackNanos(Params params) {
        return grid.lookbackNanos(params);
    }
}

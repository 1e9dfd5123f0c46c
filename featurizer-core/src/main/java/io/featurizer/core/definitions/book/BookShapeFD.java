package io.featurizer.core.definitions.book;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.FeatureDefinition;
import io.featurizer.core.feature.FeatureOperator;
import io.featurizer.core.feature.OperatorContext;
import io.featurizer.core.feature.Params;

import java.util.List;

/**
 * A feature of the book's shape at one instant, read from the L2 snapshot feature: no history (lookback
 * 0), one value per snapshot event when it changes.
 */
abstract class BookShapeFD extends FeatureDefinition {
    /** The shape computed for these params (resolved once, when the operator is built). */
    abstract BookShape shape(Params params);

    /** Levels per side the shape reads; 0 when it reads only the best levels or whatever the snapshot shows. */
    int depthRead(Params params) {
        return 1;
    }

    @Override
    public List<String> dependencies(Params params) {
        return BookInput.DEPENDENCIES;
    }

    @Override
    public void validateInputs(Params params, List<Feature> children) {
        BookInput.checkSnapshot(name(), children, depthRead(params));
    }

    @Override
    public FeatureOperator createOperator(OperatorContext ctx) {
        return new BookShapeOperator(shape(ctx.params()), ctx.newOutput());
    }
}

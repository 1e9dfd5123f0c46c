package io.featurizer.core.stream;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Params;

import java.util.List;

/** What a definition gets when it creates an operator: the feature, its params, its inputs' schemas and its own output schema. */
public record OperatorContext(Feature feature, Params params, List<Schema> inputSchemas, Schema outputSchema) {
    public static OperatorContext of(Feature feature) {
        return new OperatorContext(feature, feature.params(),
                feature.children().stream().map(Feature::schema).toList(), feature.schema());
    }

    /** A new output event of this feature's schema, for the operator to own and reuse. */
    public FeatureEvent newOutput() {
        return new FeatureEvent(outputSchema);
    }

    public Schema inputSchema(int input) {
        return inputSchemas.get(input);
    }
}

package io.featurizer.core.feature;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Params;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a definition gets when it creates an operator: the feature, its params, its inputs' schemas,
 * its own output schema, and state shared by the operators of one graph.
 */
public record OperatorContext(Feature feature, Params params, List<Schema> inputSchemas, Schema outputSchema,
                              Map<String, Object> sharedState) {
    /** A context whose shared state is its own (nothing is shared). */
    public static OperatorContext of(Feature feature) {
        return of(feature, new HashMap<>());
    }

    /** A context over a graph's shared state. */
    public static OperatorContext of(Feature feature, Map<String, Object> sharedState) {
        return new OperatorContext(feature, feature.params(),
                feature.children().stream().map(Feature::schema).toList(), feature.schema(), sharedState);
    }

    /** A new output event of this feature's schema, for the operator to own and reuse. */
    public FeatureEvent newOutput() {
        return new FeatureEvent(outputSchema);
    }

    public Schema inputSchema(int input) {
        return inputSchemas.get(input);
    }

    /**
     * One object per key for all operators of this graph, created on first use: derived state that
     * several features compute from the same input (one order book for every L2 snapshot depth of a
     * source) is kept once. Each user still snapshots it, so any one of them can restore it.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> create) {
        return (T) sharedState.computeIfAbsent(key, k -> create.get());
    }
}

package io.featurizer.core.graph;

import io.featurizer.core.feature.Feature;

import java.util.List;

/**
 * A graph's setup given as data rather than code: its output features and its options (ordering,
 * sampling). A loaded config ({@code FeaturizerConfig}) is one; declared here so the engine does not
 * depend on the config package.
 */
public interface GraphSetup {
    /** The output features, in order. */
    List<Feature> features();

    /** Sets this setup's options on a graph builder. */
    void applyTo(FeatureStreamGraph.Builder builder);
}

package io.featurizer.core.graph;

import io.featurizer.core.feature.Feature;

/** A handle on one feature's output stream inside a graph (the seed's {@code getStream(feature)}). */
public final class FeatureStream {
    private final Node node;

    FeatureStream(Node node) {
        this.node = node;
    }

    public Feature feature() {
        return node.feature;
    }

    /** Adds a listener for every output of this feature (see {@link FeatureCallback} for when it fires). */
    public FeatureStream subscribe(FeatureCallback callback) {
        node.addCallback(callback);
        return this;
    }
}

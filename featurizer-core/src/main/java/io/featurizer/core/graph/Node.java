package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;

import java.util.Arrays;

/** One feature in a graph: its operator, where its outputs go, and who listens. Single-threaded. */
final class Node implements Emitter {
    private static final FeatureCallback[] NO_CALLBACKS = new FeatureCallback[0];

    final Feature feature;
    final FeatureOperator operator; // null for data sources
    private final FeatureStreamGraph graph;
    private Node[] targets = new Node[0];
    private int[] targetInputs = new int[0];
    FeatureCallback[] callbacks = NO_CALLBACKS;
    int outputIndex = -1;

    Node(Feature feature, FeatureOperator operator, FeatureStreamGraph graph) {
        this.feature = feature;
        this.operator = operator;
        this.graph = graph;
    }

    void addTarget(Node target, int input) {
        targets = Arrays.copyOf(targets, targets.length + 1);
        targetInputs = Arrays.copyOf(targetInputs, targetInputs.length + 1);
        targets[targets.length - 1] = target;
        targetInputs[targetInputs.length - 1] = input;
    }

    void addCallback(FeatureCallback cb) {
        callbacks = Arrays.copyOf(callbacks, callbacks.length + 1);
        callbacks[callbacks.length - 1] = cb;
    }

    /** Input from a child: run the operator, which emits through {@link #emit}. */
    void receive(int input, Event event) {
        operator.onEvent(input, event, this);
    }

    /** An output of this node: listeners first, then the combined vector, then downstream operators, depth first. */
    @Override
    public void emit(Event event) {
        for (FeatureCallback cb : callbacks) {
            cb.onEvent(feature, event);
        }
        if (outputIndex >= 0) {
            graph.outputChanged(outputIndex, event);
        }
        for (int i = 0; i < targets.length; i++) {
            targets[i].receive(targetInputs[i], event);
        }
    }
}

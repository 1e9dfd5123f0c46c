package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.FeatureOperator;

import java.util.Arrays;

/**
 * One feature in a graph: its operator, where its outputs go, and who listens. Single-threaded.
 *
 * <p>A join (a node with two inputs that share an upstream source: a diamond) does not run when its
 * first input changes. It keeps copies of what its inputs emit during one graph input and runs
 * after all of them, in input order ({@link #runPending}); if it got more than one event, only its
 * last output of that round goes on. So it fires once per graph input and never with one input new
 * and another old.
 */
final class Node implements Emitter {
    private static final FeatureCallback[] NO_CALLBACKS = new FeatureCallback[0];

    final Feature feature;
    final FeatureOperator operator; // null for data sources
    private final FeatureStreamGraph graph;
    private Node[] targets = new Node[0];
    private int[] targetInputs = new int[0];
    FeatureCallback[] callbacks = NO_CALLBACKS;
    int outputIndex = -1;

    // joins only: copies of this round's inputs, per input, reused across rounds
    private boolean join;
    private Event[][] pending;
    private int[] pendingCounts;
    private int pendingTotal;
    private boolean coalescing;
    private boolean captured;
    private Event lastOut;

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

    /** Makes this node a join over {@code inputs} inputs (see the class comment). */
    void makeJoin(int inputs) {
        join = true;
        pending = new Event[inputs][];
        pendingCounts = new int[inputs];
        for (int i = 0; i < inputs; i++) {
            pending[i] = new Event[0];
        }
    }

    boolean isJoin() {
        return join;
    }

    boolean hasPending() {
        return pendingTotal > 0;
    }

    /** Input from a child: run the operator, which emits through {@link #emit}; a join keeps a copy for {@link #runPending}. */
    void receive(int input, Event event) {
        if (!join) {
            operator.onEvent(input, event, this);
            return;
        }
        int k = pendingCounts[input]++;
        if (k == pending[input].length) {
            pending[input] = Arrays.copyOf(pending[input], k + 1);
        }
        Event copy = pending[input][k];
        if (copy == null) {
            copy = Events.newEvent(event.schema());
            pending[input][k] = copy;
        }
        copy.copyFrom(event);
        pendingTotal++;
    }

    /** Runs a join over this round's inputs, in input order; passes on one output at most when it got several. */
    void runPending() {
        coalescing = pendingTotal > 1;
        captured = false;
        for (int i = 0; i < pending.length; i++) {
            for (int k = 0; k < pendingCounts[i]; k++) {
                operator.onEvent(i, pending[i][k], this);
            }
            pendingCounts[i] = 0;
        }
        pendingTotal = 0;
        if (coalescing) {
            coalescing = false;
            if (captured) {
                forward(lastOut);
            }
        }
    }

    /** An output of this node: listeners first, then the combined vector, then downstream operators, depth first. */
    @Override
    public void emit(Event event) {
        if (coalescing) { // a join's output while it still has inputs of this round to take: keep the latest
            if (lastOut == null) {
                lastOut = Events.newEvent(event.schema());
            }
            lastOut.copyFrom(event);
            captured = true;
            return;
        }
        forward(event);
    }

    private void forward(Event event) {
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

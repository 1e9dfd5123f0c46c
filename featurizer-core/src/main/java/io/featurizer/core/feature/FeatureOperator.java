package io.featurizer.core.feature;

import io.featurizer.core.event.Event;
import io.featurizer.core.state.Snapshottable;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The stateful computation of one feature instance. The engine calls {@link #onEvent} once per
 * output of each child, on one thread, in the run's order; the operator emits zero or more outputs.
 * The input event is a view valid only during the call. Stateless operators need not override the
 * snapshot methods.
 */
public interface FeatureOperator extends Snapshottable {
    /**
     * @param input index of the child feature the event comes from
     * @param event the child's output (a view)
     * @param out   receives this feature's outputs
     */
    void onEvent(int input, Event event, Emitter out);

    /**
     * True when every event this operator emits is an object it owns and changes only when it
     * emits again. The engine then keeps a reference to the latest output instead of copying it
     * for the combined vector. False (the safe default) when an operator may forward an input
     * view or prepare an output before emitting it.
     */
    default boolean ownsOutputs() {
        return false;
    }

    @Override
    default void snapshot(DataOutput out) throws IOException {
    }

    @Override
    default void restore(DataInput in) throws IOException {
    }
}

package io.featurizer.core.feature;

import io.featurizer.core.state.OperatorState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A hand-written operator whose state is all declared in {@link #state}: snapshot and restore come from the
 * declaration. (Operators built from {@link io.featurizer.core.stream.Pipeline} stages and windows get theirs from
 * the stages.)
 */
public abstract class StatefulOperator implements FeatureOperator {
    protected final OperatorState state = new OperatorState();

    @Override
    public final void snapshot(DataOutput out) throws IOException {
        state.snapshot(out);
    }

    @Override
    public final void restore(DataInput in) throws IOException {
        state.restore(in);
    }
}

package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.state.Snapshottable;

/**
 * One step of a scan: folds {@code in} into {@code state} and, when it returns true, emits {@code out}
 * (timestamps already copied from {@code in}). The state is snapshotted with the pipeline.
 */
@FunctionalInterface
public interface Accumulator<S extends Snapshottable> {
    boolean accumulate(S state, Event in, FeatureEvent out);
}

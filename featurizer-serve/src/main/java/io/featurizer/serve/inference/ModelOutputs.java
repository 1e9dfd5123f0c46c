package io.featurizer.serve.inference;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;

/**
 * Where an {@link InferenceLoop} hands each prediction: called on the inference thread, in input order (by sequence),
 * once per vector the model predicted. {@code model} is the output feature ({@code model.<name>}), {@code input} is the vector the outputs were computed from and {@code output}
 * the model feature's event (its times are the input's, its {@code input_seq} field the input's sequence); both are
 * views reused for the next prediction, valid until this returns ({@code copy()} to keep).
 */
@FunctionalInterface
public interface ModelOutputs {
    void onPrediction(Feature model, GroupedNamedDataEvent input, long inputSeq, FeatureEvent output);
}

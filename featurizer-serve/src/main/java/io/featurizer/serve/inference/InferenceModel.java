package io.featurizer.serve.inference;

import io.featurizer.core.feature.GroupedNamedDataEvent;

import java.util.List;

/**
 * A model the server runs on each combined vector (the original's InferenceLoop): {@link InferenceLoop} calls
 * {@link #predict} on its own thread with the newest vector, never on the engine's thread.
 *
 * <p>Latest-value semantics: a model slower than the vector rate sees only the newest vector when it is ready for
 * the next one; the vectors it did not see are counted as skipped, never queued. Its outputs become the feature
 * {@code model.<name>} (fields {@link #outputs()} plus {@code input_seq}), served and recorded like any other.
 */
public interface InferenceModel extends AutoCloseable {
    /** A short name, used in the output feature's name {@code model.<name>} (letters, digits, '_' and '-'). */
    String name();

    /** Names of the values {@link #predict} writes, in order; they become the output feature's fields. */
    List<String> outputs();

    /**
     * Computes the outputs for one vector into {@code out} (length {@code outputs().size()}; NaN where a value
     * cannot be computed, e.g. an input feature has no value yet). Called on the inference thread only, one call
     * at a time. {@code vector} is a view valid until this returns ({@link GroupedNamedDataEvent#copy()} to keep
     * it); {@code out} is reused. Throwing is counted and logged by the loop, and the next vector is tried.
     */
    void predict(GroupedNamedDataEvent vector, double[] out);

    /** Releases what the model holds; called once, on the inference thread, when the loop stops. */
    @Override
    default void close() {
    }
}

package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;

/**
 * An aggregation over the elements of a window, written once as {@code update}/{@code merge}/{@code finish} over an
 * explicit intermediate {@code A} (Chronon's aggregators, Flink's {@code AggregateFunction}), plus {@code remove} when
 * the aggregate is invertible. The same aggregator serves every window of {@link Windows}: a sliding window updates
 * and removes when it can, and otherwise merges partial aggregates (two stacks: amortized O(1) per element); chunks
 * of a batch run or splits of a job merge the same way.
 *
 * <p>An element is {@link #width()} doubles that {@link #extract} takes from an input event; the window keeps them, so
 * a snapshot holds only elements and a restore re-aggregates them: the intermediate must depend only on the elements
 * it saw (exact sums such as {@link FixedPointSum}, not a plain double sum whose rounding depends on the order of
 * adds and removes), and {@code merge} must give what updating with both parts in order gives.
 *
 * @param <A> the intermediate: mutable, owned by the window
 */
public interface Aggregator<A> {
    /** Doubles kept per element. */
    int width();

    /** Writes the element of {@code event} into {@code row[off .. off+width)}; false skips the event. */
    boolean extract(Event event, double[] row, int off);

    /** A new, empty intermediate. */
    A create();

    /** Back to empty. */
    void clear(A acc);

    /** Adds one element (the next in time) to the intermediate. */
    void update(A acc, double[] row, int off);

    /** Folds {@code later} (the aggregate of elements that all come after {@code into}'s) into {@code into}. */
    void merge(A into, A later);

    /**
     * Writes the result into {@code out} and returns true, or returns false <b>without touching {@code out}</b> to
     * emit nothing (out still holds the last emitted value, which a combined vector may be showing).
     */
    boolean finish(A acc, FeatureEvent out);

    /** True when {@link #remove} undoes {@link #update} of the oldest element. */
    default boolean invertible() {
        return false;
    }

    /** Removes the oldest element from the intermediate (invertible aggregators only). */
    default void remove(A acc, double[] row, int off) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is not invertible");
    }
}

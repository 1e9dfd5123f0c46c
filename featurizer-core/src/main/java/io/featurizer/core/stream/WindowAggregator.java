package io.featurizer.core.stream;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;

/**
 * An incremental aggregation over a time lookback window (Chronon style: update, remove, finalize).
 * The window stores {@link #width()} doubles per element, written by {@link #extract}; the
 * aggregator keeps running state updated by {@link #add} and {@link #remove}, and writes the result
 * in {@link #result}. On restore the window re-adds its stored elements after {@link #reset()}, so
 * the state must depend only on the elements present (use {@link FixedPointSum}, not a plain double sum).
 */
public interface WindowAggregator {
    /** Number of doubles stored per element. */
    int width();

    /** Writes the element's values for {@code event} into {@code row[off .. off+width)}. Returns false to skip the event. */
    boolean extract(Event event, double[] row, int off);

    void add(double[] data, int off);

    void remove(double[] data, int off);

    void reset();

    /**
     * Writes the aggregate into {@code out} and returns true, or returns false <b>without touching
     * {@code out}</b> to emit nothing for this event ({@code out} still holds the last emitted value,
     * which the engine may be showing in a combined vector).
     */
    boolean result(Window window, FeatureEvent out);

    /** Read access to the window's elements, oldest first. */
    interface Window {
        int size();

        long tsAt(int i);

        double valueAt(int i, int column);
    }
}

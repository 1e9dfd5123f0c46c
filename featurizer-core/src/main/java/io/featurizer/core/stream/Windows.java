package io.featurizer.core.stream;

import java.time.Duration;

/**
 * Which elements a window aggregates and when it emits ({@link EventStream#window(Windows, io.featurizer.core.event.Schema, Aggregator)}):
 * <ul>
 *   <li>{@link #slidingTime}: at every element with time {@code t}, the elements with {@code t - size <= ts <= t};</li>
 *   <li>{@link #slidingCount}: at every element, the last {@code n} elements;</li>
 *   <li>{@link #tumblingTime}: epoch-aligned buckets {@code [k·size, (k+1)·size)}; a bucket is emitted when the first element
 *       of a later bucket arrives, timed at the bucket's end (every element in it had happened by then, so a join on it
 *       never sees the future), with the receipt time of the element that closed it. Empty buckets emit nothing; an
 *       element older than the open bucket is late and dropped (its bucket was already emitted);</li>
 *   <li>{@link #tumblingCount}: every {@code n} elements, timed at the n-th.</li>
 * </ul>
 */
public record Windows(Kind kind, long size) {
    public enum Kind { SLIDING_TIME, SLIDING_COUNT, TUMBLING_TIME, TUMBLING_COUNT }

    public Windows {
        if (size <= 0) {
            throw new IllegalArgumentException("a window's size must be positive, got " + size);
        }
    }

    public static Windows slidingTime(long nanos) {
        return new Windows(Kind.SLIDING_TIME, nanos);
    }

    public static Windows slidingTime(Duration d) {
        return slidingTime(d.toNanos());
    }

    public static Windows slidingCount(int n) {
        return new Windows(Kind.SLIDING_COUNT, n);
    }

    public static Windows tumblingTime(long nanos) {
        return new Windows(Kind.TUMBLING_TIME, nanos);
    }

    public static Windows tumblingTime(Duration d) {
        return tumblingTime(d.toNanos());
    }

    public static Windows tumblingCount(int n) {
        return new Windows(Kind.TUMBLING_COUNT, n);
    }

    boolean tumbling() {
        return kind == Kind.TUMBLING_TIME || kind == Kind.TUMBLING_COUNT;
    }
}

package io.featurizer.storage.record;

import io.featurizer.core.event.Event;

/**
 * Decides where one block ends and the next begins, per stream. Pick one of the small strategies:
 * {@link TimeBasedCompactor} (aligned UTC buckets), {@link CountBasedCompactor}, {@link MemoryBasedCompactor}
 * (the original's rule). Called on the writer's thread for every event, so it must be cheap and allocation-free.
 */
public interface Compactor {
    /** The layout's {@code {compaction}} path segment, e.g. {@code 1h}, {@code count-100000}, {@code mem-64mb}. */
    String name();

    /** True if {@code next} must start a new block instead of joining the open one (which holds at least one event). */
    boolean startsNewBlock(OpenBlock open, Event next);

    /** What a compactor may know about the block being filled. */
    interface OpenBlock {
        int count();

        /** Approximate in-memory size of the block's events, bytes. */
        long bytes();

        /** {@code ts} of the block's first event. */
        long firstTs();
    }
}

package io.featurizer.storage.record;

import io.featurizer.core.event.Event;

/** Blocks of at most {@code maxEvents} events each. */
public final class CountBasedCompactor implements Compactor {
    private final int maxEvents;

    public CountBasedCompactor(int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("count-based compaction needs at least 1 event per block, got " + maxEvents);
        }
        this.maxEvents = maxEvents;
    }

    @Override
    public String name() {
        return "count-" + maxEvents;
    }

    @Override
    public boolean startsNewBlock(OpenBlock open, Event next) {
        return open.count() >= maxEvents;
    }
}

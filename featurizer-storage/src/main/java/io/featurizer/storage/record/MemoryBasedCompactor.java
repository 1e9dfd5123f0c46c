package io.featurizer.storage.record;

import io.featurizer.core.event.Event;

/**
 * The original's rule: cut a block once the events held in memory reach a size limit (svoe wrote a
 * block every ~N MB of in-memory data frames). Sizes are the writer's estimate of its event copies.
 */
public final class MemoryBasedCompactor implements Compactor {
    private final long maxBytes;

    public MemoryBasedCompactor(long maxBytes) {
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("memory-based compaction needs at least 1 KiB per block, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public String name() {
        return maxBytes % (1 << 20) == 0 ? "mem-" + (maxBytes >> 20) + "mb" : "mem-" + maxBytes + "b";
    }

    @Override
    public boolean startsNewBlock(OpenBlock open, Event next) {
        return open.bytes() >= maxBytes;
    }
}

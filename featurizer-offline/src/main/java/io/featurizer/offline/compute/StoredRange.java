package io.featurizer.offline.compute;

import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.StoredStream;
import io.featurizer.storage.BlockMerge;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.List;

/** The last input time in a range of a set of stored data sources (their span: {@link StoredStream#span}). */
final class StoredRange {
    private StoredRange() {
    }

    /**
     * The latest time, in the order's clock, of a stored input event of any of the sources with
     * {@code from <= ts <= to}, or {@code Long.MIN_VALUE} when there is none. Reads each source's events (through
     * the stream merge) from the start of its last block in range; a compute that replays gets this from the
     * replay itself, so this serves the one whose features all came from stored blocks.
     */
    static long lastInputTime(Storage storage, List<Feature> sources, long from, long to, MergeOrder order) {
        long last = Long.MIN_VALUE;
        for (Feature f : sources) {
            StreamId stream = StreamId.of(f);
            List<BlockMetadata> blocks = storage.blocks(stream, from, to);
            if (blocks.isEmpty()) {
                continue;
            }
            long lastStart = Math.max(from, blocks.get(blocks.size() - 1).startTs());
            try (BlockMerge c = storage.read(stream, lastStart, to)) {
                while (c.next()) {
                    last = Math.max(last, order.clockTime(c.current()));
                }
            }
        }
        return last;
    }
}

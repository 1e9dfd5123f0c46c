package io.featurizer.storage.compute;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Computed feature outputs kept in storage ({@code features_to_store}) and reused by later computes.
 *
 * <p><b>Writing.</b> After a compute over {@code [from, to]}, a stored feature's outputs timed in that range
 * are written as one feature block of compaction {@value #COMPACTION} whose catalog range is the computed
 * range itself ({@link Storage#writeBlock(StreamId, String, List, long[], long, long)}), not its first and
 * last output: the block says "these are all the outputs in [from, to]". Writes are idempotent.
 *
 * <p><b>Coverage rule.</b> A compute of a feature over {@code [from, to]} reuses a stored block when one
 * block of compaction {@value #COMPACTION} with the same feature key (same definition, params and
 * children) covers the whole range: {@code start <= from && to <= end}. Its outputs timed in the range are
 * then read instead of replaying. Blocks are not stitched together, and a range with no output at all
 * stores nothing (so it is recomputed). Stored outputs are the data at the time of the compute: after
 * recording or ingesting more data into an already computed range, delete the feature's blocks.
 */
final class FeatureCache {
    /** The compaction name of computed feature blocks. */
    static final String COMPACTION = "compute";

    private final Storage storage;

    FeatureCache(Storage storage) {
        this.storage = storage;
    }

    /** The stored outputs of {@code feature} timed in {@code [from, to]}, when one computed block covers the range. */
    Optional<FeatureSeries> lookup(Feature feature, long from, long to) {
        StreamId stream = StreamId.of(feature);
        for (BlockMetadata b : storage.blocks(stream, from, to)) {
            if (b.compaction().equals(COMPACTION) && b.startTs() <= from && b.endTs() >= to) {
                FeatureSeries s = new FeatureSeries(feature.schema());
                try (EventCursor c = ParquetBlocks.read(storage.fetch(b), stream.schema(), from, to)) {
                    while (c.next()) {
                        s.append(c.current());
                    }
                }
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Stores the outputs (all timed in {@code [from, to]}) as the block covering that range; false when there was nothing to write. */
    boolean store(Feature feature, FeatureSeries outputs, long from, long to) {
        if (outputs.size() == 0) {
            return false;
        }
        storage.register(feature);
        List<FeatureEvent> events = new ArrayList<>(outputs.size());
        long[] sequences = new long[outputs.size()];
        for (int i = 0; i < outputs.size(); i++) {
            events.add(outputs.event(i));
            sequences[i] = i;
        }
        storage.writeBlock(StreamId.of(feature), COMPACTION, events, sequences, from, to);
        return true;
    }
}

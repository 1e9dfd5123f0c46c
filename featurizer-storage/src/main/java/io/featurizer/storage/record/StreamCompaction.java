package io.featurizer.storage.record;

import io.featurizer.core.event.Schema;
import io.featurizer.storage.BlockMerge;
import io.featurizer.storage.StagedBlocks;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * How a stream's blocks lie, and their rewrite into non-overlapping blocks with the same content
 * ({@code featurizer catalog verify} and {@code catalog compact}). A stream's content is what every read sees:
 * the de-duplicated union of its blocks in stream order ({@link BlockMerge}); a compaction writes exactly that,
 * cut by a {@link Compactor}, and swaps the blocks in one catalog transaction. Computed feature blocks (the
 * compute cache, complete over their catalog range and tied to their inputs) are left alone.
 */
public final class StreamCompaction {
    /** The compaction of computed feature blocks, which this never touches. */
    public static final String COMPUTED = "compute";

    /**
     * @param blocks           blocks looked at (computed ones excluded)
     * @param overlapping      blocks whose time range overlaps an earlier block's (touching counts)
     * @param events           events the stream holds (after de-duplication)
     * @param duplicateEvents  stored events equal to another stored event, which every read drops
     */
    public record Layout(int blocks, int overlapping, long events, long duplicateEvents) {
    }

    private StreamCompaction() {
    }

    /** The stream's stored blocks, computed ones excluded, in catalog order. */
    static List<BlockMetadata> blocks(Storage storage, StreamId stream) {
        List<BlockMetadata> out = new ArrayList<>();
        for (BlockMetadata b : storage.blocks(stream, Long.MIN_VALUE, Long.MAX_VALUE)) {
            if (!b.compaction().equals(COMPUTED)) {
                out.add(b);
            }
        }
        return out;
    }

    /** The stream (kind, definition, key) with the schema its blocks were written with; null schema when it has no block. */
    public static StreamId stream(Storage storage, StreamId withoutSchema) {
        List<BlockMetadata> blocks = storage.blocks(withoutSchema, Long.MIN_VALUE, Long.MAX_VALUE);
        Schema schema = blocks.isEmpty() ? null : ParquetBlocks.schemaOf(storage.fetch(blocks.get(0)), withoutSchema.definition());
        return schema == null ? withoutSchema : new StreamId(withoutSchema.kind(), withoutSchema.definition(), withoutSchema.key(), schema);
    }

    /** Reads the whole stream once: how its blocks overlap and how many stored events are duplicates. */
    public static Layout layout(Storage storage, StreamId stream) {
        List<BlockMetadata> blocks = blocks(storage, stream);
        int overlapping = 0;
        long end = Long.MIN_VALUE;
        for (int i = 0; i < blocks.size(); i++) {
            BlockMetadata b = blocks.get(i);
            if (i > 0 && b.startTs() <= end) {
                overlapping++;
            }
            end = Math.max(end, b.endTs());
        }
        long events = 0;
        long duplicates;
        try (BlockMerge merge = new BlockMerge(storage, stream, blocks, Long.MIN_VALUE, Long.MAX_VALUE, false)) {
            while (merge.next()) {
                events++;
            }
            duplicates = merge.duplicates();
        }
        return new Layout(blocks.size(), overlapping, events, duplicates);
    }

    /**
     * Rewrites the stream's blocks (computed ones excluded) as non-overlapping blocks cut by {@code compactor}, with
     * the content every read sees, and swaps them in one catalog transaction. Returns the blocks written.
     */
    public static List<BlockMetadata> compact(Storage storage, StreamId stream, Compactor compactor) {
        List<BlockMetadata> old = blocks(storage, stream);
        StagedBlocks staged = new StagedBlocks();
        try (BlockCommitter committer = new BlockCommitter(storage, last -> { })) {
            committer.stageInto(staged);
            BlockWriter writer = new BlockWriter(stream, compactor, committer);
            try (BlockMerge merge = new BlockMerge(storage, stream, old, Long.MIN_VALUE, Long.MAX_VALUE, true)) {
                while (merge.next()) {
                    if (merge.sequence() < 0) {
                        writer.seedBook(merge.current()); // a block-start snapshot the recorder made: the book, not venue data
                    } else {
                        writer.add(merge.current(), merge.sequence());
                    }
                }
            }
            writer.flush();
            committer.awaitIdle();
            List<BlockMetadata> written = staged.blocks();
            storage.commit(staged, old);
            return written;
        } catch (RuntimeException e) {
            storage.discard(staged);
            throw e;
        }
    }
}

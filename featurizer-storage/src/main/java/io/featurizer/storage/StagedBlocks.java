package io.featurizer.storage;

import io.featurizer.storage.catalog.BlockMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * Blocks stored in the data store but not yet listed in the catalog, so no reader sees them: a replace
 * (ingest {@code --mode replace}, {@code catalog compact}) lists them and unlists the blocks they replace in
 * one transaction ({@link Storage#commit(StagedBlocks, List)}). Thread-safe (the block committer adds from its thread).
 */
public final class StagedBlocks {
    private final List<BlockMetadata> blocks = new ArrayList<>();

    public synchronized void add(BlockMetadata block) {
        blocks.add(block);
    }

    public synchronized List<BlockMetadata> blocks() {
        return List.copyOf(blocks);
    }

    synchronized void clear() {
        blocks.clear();
    }
}

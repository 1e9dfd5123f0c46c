package io.featurizer.storage;

import io.featurizer.storage.block.BlockFileWriter;
import io.featurizer.storage.block.RowGroupColumns;
import io.featurizer.storage.catalog.BlockMetadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * A block being written a row group at a time into a temp file in the storage's work folder
 * ({@link Storage#startBlock}). Nothing of it is visible until {@link #commit}: then it is moved into
 * the store and listed in the catalog, or dropped if a block with the same content hash is already
 * stored. {@link #abort} discards it. Used by one thread at a time.
 */
public final class PendingBlock {
    private final Storage storage;
    private final StreamId stream;
    private final String compaction;
    private final BlockFileWriter file;
    private boolean done;

    PendingBlock(Storage storage, StreamId stream, String compaction, BlockFileWriter file) {
        this.storage = storage;
        this.stream = stream;
        this.compaction = compaction;
        this.file = file;
    }

    public StreamId stream() {
        return stream;
    }

    /** Appends the staged rows as the block's next row group; the group can be reused afterwards. */
    public void append(RowGroupColumns group) {
        try {
            file.writeRowGroup(group);
        } catch (IOException e) {
            abort();
            throw new UncheckedIOException("cannot write a block of " + stream + " to " + file.file(), e);
        }
    }

    /** Events appended so far. */
    public long count() {
        return file.rows();
    }

    /**
     * Finishes the file and stores the block, timed by its first and last event. Returns it, or empty
     * if the block was empty or the same content was already stored.
     */
    public Optional<BlockMetadata> commit() {
        return commit(null);
    }

    /** Like {@link #commit()}; with {@code staged}, the block is stored but listed later, with the staged set. */
    public Optional<BlockMetadata> commit(StagedBlocks staged) {
        return finish(file.minTs(), file.maxTs(), staged);
    }

    private Optional<BlockMetadata> finish(long start, long end, StagedBlocks staged) {
        if (done) {
            throw new IllegalStateException("block of " + stream + " already committed or aborted");
        }
        try {
            if (file.rows() == 0) {
                return Optional.empty();
            }
            String hash = file.finish();
            return storage.install(stream, compaction, file.file(), start, end, file.rows(), hash, staged);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish a block of " + stream + " in " + file.file(), e);
        } finally {
            abort();
        }
    }

    /** Discards the block (a no-op once committed). */
    public void abort() {
        done = true;
        file.abort();
        Storage.deleteQuietly(file.file());
    }
}

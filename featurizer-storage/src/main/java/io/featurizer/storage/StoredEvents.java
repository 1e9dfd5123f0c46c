package io.featurizer.storage;

import io.featurizer.core.event.Event;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.List;

/**
 * Reads a stream's blocks one after the other as one ordered cursor over {@code from <= ts <= to}.
 *
 * <p>A book block that did not begin with a venue snapshot begins with one the recorder synthesized
 * from its book (stored with a negative sequence: {@code -s} sits just before event {@code s}). A
 * continuous read skips them, so it returns exactly the recorded events; a read that must rebuild the
 * book from its first block keeps the leading one ({@code keepStartSnapshot}).
 */
final class StoredEvents implements EventCursor {
    private final Storage storage;
    private final StreamId stream;
    private final List<BlockMetadata> blocks;
    private final long from;
    private final long to;
    private boolean keepSnapshot;
    private int nextBlock;
    private EventCursor block;

    StoredEvents(Storage storage, StreamId stream, List<BlockMetadata> blocks, long from, long to, boolean keepStartSnapshot) {
        this.storage = storage;
        this.stream = stream;
        this.blocks = blocks;
        this.from = from;
        this.to = to;
        this.keepSnapshot = keepStartSnapshot;
    }

    @Override
    public boolean next() {
        while (true) {
            if (block == null) {
                if (nextBlock == blocks.size()) {
                    return false;
                }
                block = ParquetBlocks.read(storage.fetch(blocks.get(nextBlock++)), stream.schema(), from, to);
            }
            if (!block.next()) {
                block.close();
                block = null;
                continue;
            }
            if (block.sequence() < 0 && !keepSnapshot) {
                continue;
            }
            keepSnapshot = false;
            return true;
        }
    }

    @Override
    public Event current() {
        return block.current();
    }

    @Override
    public long sequence() {
        return block.sequence();
    }

    @Override
    public void close() {
        if (block != null) {
            block.close();
            block = null;
        }
        nextBlock = blocks.size();
    }
}

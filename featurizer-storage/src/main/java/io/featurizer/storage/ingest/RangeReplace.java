package io.featurizer.storage.ingest;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.StagedBlocks;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * The blocks a replace of {@code [from, to]} of one stream unlists, and the parts of them outside the range,
 * written again (unlisted, into the staged set). A block inside the range goes whole; a block reaching out of it
 * is rewritten as its rows before {@code from} and its rows after {@code to}, in stored order with their
 * sequences. A book tail that does not begin with a snapshot gets one, as every book block does: the block's own
 * book just after {@code to}, which its later deltas apply to.
 */
final class RangeReplace {
    private RangeReplace() {
    }

    /** Stages the kept parts of the stream's blocks overlapping the range and returns the blocks to unlist. */
    static List<BlockMetadata> prepare(Storage storage, StreamId stream, long from, long to, String compaction, StagedBlocks staged) {
        List<BlockMetadata> replaced = storage.blocks(stream, from, to);
        for (BlockMetadata b : replaced) {
            if (b.startTs() < from || b.endTs() > to) {
                keepOutside(storage, stream, b, from, to, staged);
            }
        }
        return replaced;
    }

    private static void keepOutside(Storage storage, StreamId stream, BlockMetadata block, long from, long to, StagedBlocks staged) {
        List<Event> head = new ArrayList<>(), tail = new ArrayList<>();
        List<Long> headSeq = new ArrayList<>(), tailSeq = new ArrayList<>();
        OrderBook book = stream.isBook() ? new OrderBook() : null;
        BookUpdate scratch = new BookUpdate();
        try (EventCursor c = ParquetBlocks.read(storage.fetch(block), stream.schema())) {
            while (c.next()) {
                Event e = c.current();
                if (e.ts() < from) {
                    head.add(e.copy());
                    headSeq.add(c.sequence());
                } else if (e.ts() > to) {
                    if (tail.isEmpty() && book != null && book.isInitialized() && !isSnapshot(e)) {
                        BookUpdate s = snapshot(book);
                        s.setTimes(e.ts(), e.receiptTs());
                        tail.add(s);
                        tailSeq.add(-Math.abs(c.sequence()));
                    }
                    tail.add(e.copy());
                    tailSeq.add(c.sequence());
                }
                if (book != null && e.ts() <= to) {
                    scratch.copyFrom(e);
                    if (scratch.isSnapshot() || book.isInitialized()) {
                        book.apply(scratch);
                    }
                }
            }
        }
        write(storage, stream, block.compaction(), head, headSeq, staged);
        write(storage, stream, block.compaction(), tail, tailSeq, staged);
    }

    private static boolean isSnapshot(Event e) {
        return e.getLong(BookUpdate.IS_SNAPSHOT) != 0;
    }

    private static BookUpdate snapshot(OrderBook book) {
        return book.writeSnapshot(0, new BookUpdate().reset(0, 0, true));
    }

    private static void write(Storage storage, StreamId stream, String compaction, List<Event> events, List<Long> seqs, StagedBlocks staged) {
        if (events.isEmpty()) {
            return;
        }
        long[] s = new long[seqs.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = seqs.get(i);
        }
        storage.writeStaged(stream, compaction, events, s, staged);
    }
}

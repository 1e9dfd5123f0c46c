package io.featurizer.storage.offline;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.List;

/**
 * One data source's stored events with {@code from <= ts <= to}, in stored order, block after block.
 * Block-start book snapshots the recorder synthesized are skipped (a continuous read returns exactly
 * the recorded events), except where the replay starts.
 *
 * <p><b>A book starting mid-history</b> first needs the book as it stood at {@code from}. The source
 * reads the block containing {@code from} from its leading snapshot, applies the events before
 * {@code from} to an {@link OrderBook} without delivering them, and delivers that book as one snapshot
 * timed like the first event in range (the convention of the recorder's block-start snapshots), then the
 * events in range. So every delivered event lies in [from, to] and the book is exactly the stored book.
 * Where nothing precedes {@code from} (a range starting before the stream) nothing is synthesized.
 * Once started, a book delivers every stored message up to {@code to}, even one whose {@code ts} is out of
 * order and before {@code from}: dropping a message would corrupt the book.
 *
 * <p>{@link #sequence()} is the merge sequence: the stored ingestion sequence, and for a start snapshot
 * the sequence of the event it precedes (it is delivered just before that event).
 */
final class StoredSource implements AutoCloseable {
    private final Storage storage;
    private final StreamId stream;
    private final List<BlockMetadata> blocks;
    private final long from;
    private final long to;
    private int nextBlock;
    private EventCursor block;
    private boolean started;
    private boolean blockEventPending; // the block cursor sits on an event to deliver after the start snapshot
    private BookUpdate startSnapshot;
    private Event current;
    private long sequence;

    StoredSource(Storage storage, StreamId stream, long from, long to) {
        this.storage = storage;
        this.stream = stream;
        this.from = from;
        this.to = to;
        this.blocks = storage.blocks(stream, from, to);
    }

    StreamId stream() {
        return stream;
    }

    /** True when storage holds no block of this source overlapping the range. */
    boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Moves to the next event; false at the end. */
    boolean next() {
        if (!started) {
            started = true;
            if (stream.isBook() && !blocks.isEmpty()) {
                return startBook();
            }
        }
        if (blockEventPending) {
            blockEventPending = false;
            return take();
        }
        while (true) {
            if (block == null) {
                if (nextBlock == blocks.size()) {
                    current = null;
                    return false;
                }
                // a book never drops a message once started (its book would go wrong), even one timed before from
                long lower = stream.isBook() ? Long.MIN_VALUE : from;
                block = ParquetBlocks.read(storage.fetch(blocks.get(nextBlock++)), stream.schema(), lower, to);
            }
            if (!block.next()) {
                block.close();
                block = null;
                continue;
            }
            if (block.sequence() < 0) {
                continue; // a block-start snapshot inside the replay: the book already is that
            }
            return take();
        }
    }

    private boolean take() {
        current = block.current();
        sequence = Math.abs(block.sequence());
        return true;
    }

    /** Folds the stored book up to {@code from}, then positions on the first delivered event (see the class comment). */
    private boolean startBook() {
        OrderBook book = new OrderBook();
        boolean folded = false;
        BookUpdate scratch = null;
        while (nextBlock < blocks.size()) {
            block = ParquetBlocks.read(storage.fetch(blocks.get(nextBlock++)), stream.schema(), Long.MIN_VALUE, to);
            while (block.next()) {
                Event e = block.current();
                BookUpdate u;
                if (e instanceof BookUpdate b) {
                    u = b;
                } else {
                    scratch = scratch == null ? new BookUpdate() : scratch;
                    scratch.copyFrom(e);
                    u = scratch;
                }
                if (u.ts() >= from) {
                    if (folded && book.isInitialized() && !u.isSnapshot()) {
                        startSnapshot = snapshotOf(book, u);
                        current = startSnapshot;
                        sequence = Math.abs(block.sequence());
                        blockEventPending = true;
                        return true;
                    }
                    return take();
                }
                book.apply(u);
                folded = true;
            }
            block.close();
            block = null;
        }
        current = null;
        return false;
    }

    /** The book as one snapshot message timed like {@code next}, the event it precedes. */
    private static BookUpdate snapshotOf(OrderBook book, BookUpdate next) {
        BookUpdate s = new BookUpdate().reset(next.ts(), next.receiptTs(), true);
        PriceLadder bids = book.bids();
        for (int i = 0; i < bids.count(); i++) {
            s.addBid(bids.price(i), bids.size(i));
        }
        PriceLadder asks = book.asks();
        for (int i = 0; i < asks.count(); i++) {
            s.addAsk(asks.price(i), asks.size(i));
        }
        return s;
    }

    /** The event the source is on (a reused view, valid until {@link #next()}). */
    Event current() {
        return current;
    }

    long sequence() {
        return sequence;
    }

    @Override
    public void close() {
        if (block != null) {
            block.close();
            block = null;
        }
        nextBlock = blocks.size();
        blockEventPending = false;
        current = null;
    }
}

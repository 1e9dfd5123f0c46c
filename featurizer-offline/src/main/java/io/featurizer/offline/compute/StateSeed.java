package io.featurizer.storage.compute;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.List;
import java.util.Optional;

/**
 * The state a data source carries into a replay starting at time {@code t}, as one event timed
 * {@code t - 1}: for an L2 book, the stored book just before {@code t} as a snapshot; for a ticker, the
 * last quote before {@code t}. Other sources (trades) carry no state.
 *
 * <p><b>Why a chunk needs it.</b> Features that emit only on change (the L2 snapshot's top levels, mid
 * price, spread) remember their last value. A replay starting cold would emit its first value
 * unconditionally, where the uninterrupted run emitted nothing; and the book a mid-history replay starts
 * from ({@code StoredInputMerge}'s start snapshot) is timed like the first event in range, so that spurious
 * output would land inside the windows of the rows kept. Fed first, the seed primes every such feature with
 * the value the uninterrupted run had, and its own outputs are timed before the replay (before every window
 * the kept rows look at); the start snapshot that follows then changes nothing and emits nothing.
 *
 * <p>The book is folded from the last stored block starting before {@code t} (blocks start with a full
 * snapshot), in stored order up to the first message at or after {@code t}, as the merge does; deltas
 * before the block's first snapshot are ignored, as the graph ignores them.
 */
final class StateSeed {
    private StateSeed() {
    }

    /** The seed of {@code source} for a replay from {@code t}, or empty (no state, or nothing stored before t). */
    static Optional<Event> before(Storage storage, Feature source, long t) {
        if (t == Long.MIN_VALUE) {
            return Optional.empty();
        }
        StreamId stream = StreamId.of(source);
        if (stream.isBook()) {
            return book(storage, stream, t);
        }
        if (stream.schema().equals(Quote.SCHEMA)) {
            return lastEvent(storage, stream, t);
        }
        return Optional.empty();
    }

    private static Optional<BlockMetadata> lastBlockBefore(Storage storage, StreamId stream, long t) {
        List<BlockMetadata> blocks = storage.blocks(stream, Long.MIN_VALUE, t - 1);
        BlockMetadata last = null;
        for (BlockMetadata b : blocks) {
            if (last == null || b.startTs() >= last.startTs()) {
                last = b;
            }
        }
        return Optional.ofNullable(last);
    }

    private static Optional<Event> book(Storage storage, StreamId stream, long t) {
        Optional<BlockMetadata> block = lastBlockBefore(storage, stream, t);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        OrderBook book = new OrderBook();
        BookUpdate scratch = new BookUpdate();
        try (EventCursor c = ParquetBlocks.read(storage.fetch(block.get()), stream.schema())) {
            while (c.next()) {
                Event e = c.current();
                if (e.ts() >= t) {
                    break; // stored order, as the merge folds: the first message at or after t ends the book before t
                }
                BookUpdate u = e instanceof BookUpdate b ? b : copy(e, scratch);
                if (u.isSnapshot() || book.isInitialized()) {
                    book.apply(u);
                }
            }
        }
        if (!book.isInitialized()) {
            return Optional.empty();
        }
        BookUpdate s = new BookUpdate().reset(t - 1, t - 1, true);
        PriceLadder bids = book.bids();
        for (int i = 0; i < bids.count(); i++) {
            s.addBid(bids.price(i), bids.size(i));
        }
        PriceLadder asks = book.asks();
        for (int i = 0; i < asks.count(); i++) {
            s.addAsk(asks.price(i), asks.size(i));
        }
        return Optional.of(s);
    }

    private static BookUpdate copy(Event e, BookUpdate into) {
        into.copyFrom(e);
        return into;
    }

    private static Optional<Event> lastEvent(Storage storage, StreamId stream, long t) {
        Optional<BlockMetadata> block = lastBlockBefore(storage, stream, t);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        Event last = null;
        try (EventCursor c = ParquetBlocks.read(storage.fetch(block.get()), stream.schema(), Long.MIN_VALUE, t - 1)) {
            while (c.next()) {
                if (last == null) {
                    last = c.current().copy();
                } else {
                    last.copyFrom(c.current());
                }
            }
        }
        if (last == null) {
            return Optional.empty();
        }
        last.setTimes(t - 1, t - 1);
        return Optional.of(last);
    }
}

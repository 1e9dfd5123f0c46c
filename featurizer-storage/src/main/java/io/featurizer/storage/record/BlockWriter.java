package io.featurizer.storage.record;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.storage.StreamId;

import java.util.ArrayDeque;

/**
 * Cuts one stream's accepted events into blocks. Each event joins the open block unless the
 * {@link Compactor} says it starts a new one; a full block is sealed and handed to the
 * {@link BlockCommitter}, which writes it in the background. Events keep their acceptance order, so a
 * block's events are ordered and consecutive blocks never share or skip an event.
 *
 * <p>A book stream keeps its own {@link OrderBook}: a block that would start with a delta starts instead
 * with a snapshot of the book just before it (stored with sequence {@code -s}, s being the delta's), so a
 * replay can begin at any block.
 *
 * <p>Thread-safe: producers synchronize on the writer; the committer's callback touches only the
 * small {@code state} lock, so a producer waiting for room in the committer's queue can never block it.
 */
public final class BlockWriter {
    /** A hard cap whatever the compactor says, so a stream whose clock jumps backwards cannot grow one block without bound. */
    static final int MAX_BLOCK_EVENTS = 1 << 22;

    private final StreamId stream;
    private final Compactor compactor;
    private final BlockCommitter committer;
    private final OrderBook book;
    private final BookUpdate scratch = new BookUpdate();
    private final BookUpdate startSnapshot = new BookUpdate();
    private final ArrayDeque<BlockBuffer> free = new ArrayDeque<>();
    private final ArrayDeque<Long> inFlight = new ArrayDeque<>(); // first sequences of sealed, uncommitted blocks
    private final Object state = new Object(); // guards free, inFlight and openFirst
    private long openFirst = Long.MAX_VALUE;
    private BlockBuffer open;
    private long accepted;

    public BlockWriter(StreamId stream, Compactor compactor, BlockCommitter committer) {
        this.stream = stream;
        this.compactor = compactor;
        this.committer = committer;
        this.book = stream.isBook() ? new OrderBook() : null;
        this.open = new BlockBuffer(stream.schema());
    }

    public StreamId stream() {
        return stream;
    }

    public Compactor compactor() {
        return compactor;
    }

    /** Adds an accepted event with its ingestion sequence (> 0, increasing per stream). */
    public synchronized void add(Event event, long sequence) {
        if (!open.isEmpty() && (compactor.startsNewBlock(open, event) || open.count() >= MAX_BLOCK_EVENTS)) {
            seal();
        }
        if (open.isEmpty()) {
            synchronized (state) {
                openFirst = sequence;
            }
        }
        if (book == null) {
            open.add(event, sequence);
            accepted++;
            return;
        }
        BookUpdate u = event instanceof BookUpdate b ? b : copyInto(event);
        if (open.isEmpty() && !u.isSnapshot() && book.isInitialized()) {
            open.add(snapshotOfBook(u), -sequence);
        }
        open.add(u, sequence);
        book.apply(u);
        accepted++;
    }

    private BookUpdate copyInto(Event event) {
        scratch.copyFrom(event);
        return scratch;
    }

    /** The book as it stands, as a snapshot message timed like {@code next} (the event it precedes). */
    private BookUpdate snapshotOfBook(BookUpdate next) {
        startSnapshot.reset(next.ts(), next.receiptTs(), true);
        PriceLadder bids = book.bids();
        for (int i = 0; i < bids.count(); i++) {
            startSnapshot.addBid(bids.price(i), bids.size(i));
        }
        PriceLadder asks = book.asks();
        for (int i = 0; i < asks.count(); i++) {
            startSnapshot.addAsk(asks.price(i), asks.size(i));
        }
        return startSnapshot;
    }

    /** Applies already-stored book events (e.g. the last block before a restart) so the next block can start with a snapshot. */
    public synchronized void seedBook(Event event) {
        if (book != null) {
            book.apply(event instanceof BookUpdate b ? b : copyInto(event));
        }
    }

    /** Seals the open block (if any) so it is written now, whatever the compactor would say. */
    public synchronized void flush() {
        if (!open.isEmpty()) {
            seal();
        }
    }

    private void seal() {
        BlockBuffer sealed = open;
        BlockBuffer next;
        synchronized (state) {
            inFlight.addLast(openFirst);
            openFirst = Long.MAX_VALUE;
            next = free.poll();
        }
        open = next != null ? next : new BlockBuffer(stream.schema());
        committer.submit(this, sealed);
    }

    /** Called by the committer once a sealed block is stored: its buffer can be reused. */
    void committed(BlockBuffer buffer) {
        buffer.clear();
        synchronized (state) {
            inFlight.pollFirst();
            free.push(buffer);
        }
    }

    /** The smallest sequence not yet stored in a committed block (Long.MAX_VALUE if none is pending). */
    public long oldestUncommitted() {
        synchronized (state) {
            return inFlight.isEmpty() ? openFirst : inFlight.peekFirst();
        }
    }

    /** Events accepted by this writer so far. */
    public synchronized long accepted() {
        return accepted;
    }
}

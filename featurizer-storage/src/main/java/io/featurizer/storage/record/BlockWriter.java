package io.featurizer.storage.record;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.RowGroupColumns;

import java.util.ArrayDeque;

/**
 * Cuts one stream's accepted events into blocks. Each event joins the open block unless the
 * {@link Compactor} says it starts a new one. Events are staged straight into column arrays
 * ({@link RowGroupColumns}, no copy of the event object); each full row group goes to the
 * {@link BlockCommitter}, which encodes it into the block's file in the background, and a sealed block
 * is committed there after its last row group. So a block's events are ordered, consecutive blocks
 * never share or skip an event, and an open block holds one row group in memory however long it is.
 *
 * <p>A book stream keeps its own {@link OrderBook}: a block that would start with a delta starts instead
 * with a snapshot of the book just before it (stored with sequence {@code -s}, s being the delta's), so a
 * replay can begin at any block.
 *
 * <p>Thread-safe: producers synchronize on the writer; the committer's callbacks touch only the
 * small {@code state} lock, so a producer waiting for room in the committer's queue can never block it.
 */
public final class BlockWriter implements Compactor.OpenBlock {
    /** A hard cap whatever the compactor says, so a stream whose clock jumps backwards cannot grow one block without bound. */
    static final int MAX_BLOCK_EVENTS = 1 << 22;

    private final StreamId stream;
    private final Compactor compactor;
    private final BlockCommitter committer;
    private final OrderBook book;
    private final BookUpdate scratch = new BookUpdate();
    private final BookUpdate startSnapshot = new BookUpdate();
    private final ArrayDeque<RowGroupColumns> free = new ArrayDeque<>(); // row groups written by the committer, for reuse
    private final ArrayDeque<Long> inFlight = new ArrayDeque<>(); // first sequences of sealed, uncommitted blocks
    private final Object state = new Object(); // guards free, inFlight and openFirst
    private long openFirst = Long.MAX_VALUE;
    private RowGroupColumns group;
    // the open block
    private int count;
    private long bytes;
    private long firstTs;
    private long lastSequence;
    private long accepted;

    public BlockWriter(StreamId stream, Compactor compactor, BlockCommitter committer) {
        this.stream = stream;
        this.compactor = compactor;
        this.committer = committer;
        this.book = stream.isBook() ? new OrderBook() : null;
        this.group = RowGroupColumns.forSchema(stream.schema());
    }

    public StreamId stream() {
        return stream;
    }

    public Compactor compactor() {
        return compactor;
    }

    /** Adds an accepted event with its ingestion sequence (> 0, increasing per stream). */
    public synchronized void add(Event event, long sequence) {
        if (count > 0 && (compactor.startsNewBlock(this, event) || count >= MAX_BLOCK_EVENTS)) {
            seal();
        }
        if (count == 0) {
            synchronized (state) {
                openFirst = sequence;
            }
        }
        if (book == null) {
            stage(event, sequence);
            accepted++;
            return;
        }
        BookUpdate u = event instanceof BookUpdate b ? b : copyInto(event);
        if (count == 0 && !u.isSnapshot() && book.isInitialized()) {
            stage(snapshotOfBook(u), -sequence);
        }
        stage(u, sequence);
        book.apply(u);
        accepted++;
    }

    private void stage(Event e, long sequence) {
        if (count == 0) {
            firstTs = e.ts();
        }
        group.add(e, sequence);
        count++;
        bytes += sizeOf(e);
        lastSequence = sequence;
        if (group.isFull()) {
            committer.append(this, group);
            group = freeGroup();
        }
    }

    /** A rough in-memory size of an event: header plus 8 bytes per scalar and 16 per book level. */
    private static long sizeOf(Event e) {
        if (e instanceof BookUpdate b) {
            return 64 + 16L * (b.bidCount() + b.askCount());
        }
        return 32 + 8L * e.schema().size();
    }

    private BookUpdate copyInto(Event event) {
        scratch.copyFrom(event);
        return scratch;
    }

    /** The book as it stands, as a snapshot message timed like {@code next} (the event it precedes). */
    private BookUpdate snapshotOfBook(BookUpdate next) {
        return book.writeSnapshot(0, startSnapshot.reset(next.ts(), next.receiptTs(), true));
    }

    /** Applies already-stored book events (e.g. the last block before a restart) so the next block can start with a snapshot. */
    public synchronized void seedBook(Event event) {
        if (book != null) {
            book.apply(event instanceof BookUpdate b ? b : copyInto(event));
        }
    }

    /** Seals the open block (if any) so it is written now, whatever the compactor would say. */
    public synchronized void flush() {
        if (count > 0) {
            seal();
        }
    }

    private void seal() {
        if (!group.isEmpty()) {
            committer.append(this, group);
            group = freeGroup();
        }
        synchronized (state) {
            inFlight.addLast(openFirst);
            openFirst = Long.MAX_VALUE;
        }
        committer.seal(this, lastSequence);
        count = 0;
        bytes = 0;
    }

    /**
     * Drops the open block without storing it (its temp file is deleted): for a writer given up half
     * way, e.g. an ingest stopped by a bad row. Blocks sealed before stay stored.
     */
    public synchronized void abandon() {
        group.clear();
        if (count > 0) {
            committer.discard(this);
            synchronized (state) {
                openFirst = Long.MAX_VALUE;
            }
        }
        count = 0;
        bytes = 0;
    }

    private RowGroupColumns freeGroup() {
        RowGroupColumns g;
        synchronized (state) {
            g = free.poll();
        }
        return g != null ? g : RowGroupColumns.forSchema(stream.schema());
    }

    /** Called by the committer once a row group is written into its block's file: it can be reused. */
    void recycle(RowGroupColumns written) {
        written.clear();
        synchronized (state) {
            free.push(written);
        }
    }

    /** Called by the committer once a sealed block is stored. */
    void committed() {
        synchronized (state) {
            inFlight.pollFirst();
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

    // Compactor.OpenBlock: what the compactor may know about the open block (called under this writer's lock)

    @Override
    public int count() {
        return count;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public long firstTs() {
        return firstTs;
    }
}

package io.featurizer.storage.record;

import io.featurizer.storage.Storage;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Writes sealed blocks to storage on one background thread, in sealing order. The queue is bounded:
 * when storage falls behind by {@value #QUEUE} blocks, sealing waits (backpressure to the recorder,
 * never an unbounded heap). A failed write stops the committer and is rethrown by {@link #awaitIdle()}
 * and {@link #close()}; the failed block's events stay in the journal, so nothing is lost.
 */
public final class BlockCommitter implements AutoCloseable {
    static final int QUEUE = 64;

    private record Job(BlockWriter writer, BlockBuffer buffer) {
    }

    private static final Job STOP = new Job(null, null);

    private final Storage storage;
    private final LongConsumer onCommitted;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final Object idle = new Object();
    private int pending;
    private volatile RuntimeException failure;

    /** {@code onCommitted} receives the last sequence of each stored block (after its catalog row is in). */
    public BlockCommitter(Storage storage, LongConsumer onCommitted) {
        this.storage = storage;
        this.onCommitted = onCommitted;
        this.thread = new Thread(this::run, "featurizer-block-committer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    void submit(BlockWriter writer, BlockBuffer buffer) {
        throwIfFailed();
        synchronized (idle) {
            pending++;
        }
        try {
            queue.put(new Job(writer, buffer));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the block committer", e);
        }
    }

    private void run() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == STOP) {
                return;
            }
            try {
                if (failure == null) {
                    BlockBuffer b = job.buffer;
                    Optional<BlockMetadata> block = storage.writeBlock(job.writer.stream(), job.writer.compactor().name(),
                            b.events(), b.sequences());
                    (block.isPresent() ? written : duplicates).incrementAndGet();
                    events.addAndGet(b.count());
                    long last = b.lastSequence();
                    job.writer.committed(b);
                    onCommitted.accept(last);
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                synchronized (idle) {
                    pending--;
                    idle.notifyAll();
                }
            }
        }
    }

    /** Waits until every submitted block is stored; rethrows a write failure. */
    public void awaitIdle() {
        synchronized (idle) {
            while (pending > 0) {
                try {
                    idle.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for blocks to be written", e);
                }
            }
        }
        throwIfFailed();
    }

    private void throwIfFailed() {
        RuntimeException f = failure;
        if (f != null) {
            throw new IllegalStateException("writing a block failed; its events are kept in the journal: " + f.getMessage(), f);
        }
    }

    public long blocksWritten() {
        return written.get();
    }

    /** Blocks not written because the same content was already stored. */
    public long duplicateBlocks() {
        return duplicates.get();
    }

    /** Events in committed blocks (including synthesized block-start book snapshots). */
    public long eventsCommitted() {
        return events.get();
    }

    @Override
    public void close() {
        try {
            awaitIdle();
        } finally {
            queue.offer(STOP);
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

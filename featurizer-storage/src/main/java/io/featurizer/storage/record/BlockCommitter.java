package io.featurizer.storage.record;

import io.featurizer.storage.PendingBlock;
import io.featurizer.storage.StagedBlocks;
import io.featurizer.storage.Storage;
import io.featurizer.storage.block.PageEncoder;
import io.featurizer.storage.block.RowGroupColumns;
import io.featurizer.storage.catalog.BlockMetadata;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Writes blocks to storage on one background thread: each {@link BlockWriter} hands it full row groups
 * as they are staged ({@link #append}), which go straight into the block's file, then seals the block
 * ({@link #seal}), which commits it. Jobs run in submission order. The queue is bounded: when storage
 * falls behind by {@value #QUEUE} row groups, staging waits (backpressure to the recorder, never an
 * unbounded heap). A failed write stops the committer and is rethrown by {@link #awaitIdle()} and
 * {@link #close()}; the failed block's events stay in the journal, so nothing is lost.
 */
public final class BlockCommitter implements AutoCloseable {
    static final int QUEUE = 64;

    private enum Kind { APPEND, SEAL, DISCARD, STOP }

    /** A row group to append to the writer's block, the seal of that block, or its discarding. */
    private record Job(Kind kind, BlockWriter writer, RowGroupColumns group, long lastSequence) {
    }

    private static final Job STOP = new Job(Kind.STOP, null, null, 0);

    private final Storage storage;
    private final LongConsumer onCommitted;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final Object idle = new Object();
    private int pending;
    private volatile Throwable failure;
    // committer thread only
    private final Map<BlockWriter, PendingBlock> open = new IdentityHashMap<>();

    /** {@code onCommitted} receives the last sequence of each stored block (after its catalog row is in). */
    private volatile StagedBlocks staging;

    public BlockCommitter(Storage storage, LongConsumer onCommitted) {
        this.storage = storage;
        this.onCommitted = onCommitted;
        this.thread = new Thread(this::run, "featurizer-block-committer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a full row group of the writer's open block; the writer gets it back through {@link BlockWriter#recycle}. */
    void append(BlockWriter writer, RowGroupColumns group) {
        submit(new Job(Kind.APPEND, writer, group, 0));
    }

    /** Queues the seal of the writer's open block (after its row groups); {@code lastSequence} is its last event's. */
    void seal(BlockWriter writer, long lastSequence) {
        submit(new Job(Kind.SEAL, writer, null, lastSequence));
    }

    /** Queues dropping the writer's open block: its temp file is deleted, nothing is stored (an abandoned writer). */
    void discard(BlockWriter writer) {
        submit(new Job(Kind.DISCARD, writer, null, 0));
    }

    /**
     * Queues a job, waiting for room. Deliberately not interruptible: a job half-submitted would leave
     * its writer's bookkeeping (which blocks are in flight, so which journal segments may go) out of
     * step with what the committer will store. The wait is bounded by the committer draining its queue,
     * which it does even after a failure; an interrupt is kept for the caller.
     */
    private void submit(Job job) {
        throwIfFailed();
        synchronized (idle) {
            pending++;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(job);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (PageEncoder encoder = new PageEncoder()) {
            while (true) {
                Job job;
                try {
                    job = queue.take();
                } catch (InterruptedException e) {
                    continue; // only STOP ends the thread: producers wait on its queue and must never wait on a dead one
                }
                if (job == STOP) {
                    return;
                }
                try {
                    if (failure == null) {
                        switch (job.kind) {
                            case APPEND -> open.computeIfAbsent(job.writer, w -> storage.startBlock(w.stream(), w.compactor().name(), encoder))
                                    .append(job.group);
                            case SEAL -> commit(job.writer, job.lastSequence);
                            case DISCARD -> {
                                PendingBlock dropped = open.remove(job.writer);
                                if (dropped != null) {
                                    dropped.abort();
                                }
                            }
                            default -> throw new IllegalStateException(job.kind.name());
                        }
                    }
                } catch (RuntimeException | Error e) { // an Error too: producers must not wait forever on a dead committer
                    failure = e;
                    open.values().forEach(PendingBlock::abort);
                    open.clear();
                } finally {
                    if (job.group != null) {
                        job.writer.recycle(job.group);
                    }
                    synchronized (idle) {
                        pending--;
                        idle.notifyAll();
                    }
                }
            }
        } finally {
            open.values().forEach(PendingBlock::abort); // blocks never sealed (a writer abandoned without flush)
            open.clear();
        }
    }

    private void commit(BlockWriter writer, long lastSequence) {
        PendingBlock block = open.remove(writer);
        if (block != null) {
            long n = block.count();
            Optional<BlockMetadata> stored = block.commit(staging);
            (stored.isPresent() ? written : duplicates).incrementAndGet();
            events.addAndGet(n);
        }
        writer.committed();
        onCommitted.accept(lastSequence);
    }

    /**
     * From now on, sealed blocks are stored but not listed: they join {@code staged} (null: listed as they are
     * committed, the default). Call while the committer is idle.
     */
    public void stageInto(StagedBlocks staged) {
        this.staging = staged;
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
        Throwable f = failure;
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

package io.featurizer.offline.compute;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How far a running batch compute is, for a progress bar: the share of the range's time its chunks have
 * replayed, chunks finished, input events replayed. Written by the compute threads, read by any thread.
 */
public final class ComputeProgress {
    private final long total;
    private final AtomicLongArray done;
    private final long[] lengths;
    private final AtomicLongArray replayed;
    private final AtomicInteger chunksDone = new AtomicInteger();

    ComputeProgress(java.util.List<Chunk> chunks) {
        this.lengths = new long[chunks.size()];
        long sum = 0;
        for (Chunk c : chunks) {
            lengths[c.index()] = c.length();
            sum = sum + c.length() < sum ? Long.MAX_VALUE : sum + c.length();
        }
        this.total = sum;
        this.done = new AtomicLongArray(chunks.size());
        this.replayed = new AtomicLongArray(chunks.size());
    }

    /** A compute with nothing to replay (every feature served from stored blocks). */
    static ComputeProgress none() {
        return new ComputeProgress(java.util.List.of());
    }

    void advance(Chunk chunk, long time, long replayedEvents) {
        long covered = time < chunk.start() ? 0 : Math.min(time - chunk.start() + 1, lengths[chunk.index()]);
        done.lazySet(chunk.index(), Math.max(0, covered));
        replayed.lazySet(chunk.index(), replayedEvents);
    }

    void chunkDone(Chunk chunk, long replayedEvents) {
        done.set(chunk.index(), lengths[chunk.index()]);
        replayed.set(chunk.index(), replayedEvents);
        chunksDone.incrementAndGet();
    }

    /** Total ns of range to compute. */
    public long totalNanos() {
        return total;
    }

    /** ns of range computed so far (warm-up not counted). */
    public long doneNanos() {
        long sum = 0;
        for (int i = 0; i < done.length(); i++) {
            sum += done.get(i);
        }
        return Math.min(sum, total);
    }

    /** Share done, 0 to 1 (1 when there is nothing to replay). */
    public double fraction() {
        return total == 0 ? 1.0 : (double) doneNanos() / total;
    }

    public int chunks() {
        return lengths.length;
    }

    public int chunksDone() {
        return chunksDone.get();
    }

    /** Input events replayed so far, warm-up and tail included. */
    public long replayedEvents() {
        long sum = 0;
        for (int i = 0; i < replayed.length(); i++) {
            sum += replayed.get(i);
        }
        return sum;
    }
}

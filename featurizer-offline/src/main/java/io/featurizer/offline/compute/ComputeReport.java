package io.featurizer.offline.compute;

import java.util.List;

/**
 * What a batch compute did.
 *
 * @param from            first time computed (the range narrowed to the stored data)
 * @param to              last time computed
 * @param chunks          chunks replayed (0 when every feature came from stored blocks)
 * @param threads         threads the chunks ran on
 * @param warmUpNanos     lookback replayed before each chunk
 * @param inputEvents     stored input events timed in the range that were replayed
 * @param replayedEvents  input events replayed in all, warm-ups and tails included
 * @param rows            rows of the table
 * @param elapsedNanos    wall time of the whole compute (replay, join, storing)
 * @param reused          features read from stored blocks instead of recomputed (cache hits)
 * @param stale           features recomputed because their stored blocks were computed from input blocks that have
 *                        changed since (more data ingested or recorded in their span, a replace, a compaction)
 * @param stored          features written to storage
 */
public record ComputeReport(long from, long to, int chunks, int threads, long warmUpNanos, long inputEvents, long replayedEvents,
                            long rows, long elapsedNanos, List<String> reused, List<String> stale, List<String> stored) {
    public ComputeReport {
        reused = List.copyOf(reused);
        stale = List.copyOf(stale);
        stored = List.copyOf(stored);
    }

    /** Input events in range per second of wall time. */
    public double inputEventsPerSecond() {
        return elapsedNanos == 0 ? 0 : inputEvents * 1e9 / elapsedNanos;
    }
}

package io.featurizer.offline.compute;

import io.featurizer.core.feature.FeatureDefinition;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a compute range into consecutive chunks. Every chunk replays its warm-up (the features' lookback)
 * again, so the default keeps chunks long against it: up to four per thread for load balance, but each at
 * least {@link #MIN_CHUNKS_OF_WARM_UP} warm-ups long (then fewer chunks, yet never fewer than threads), all
 * of equal length and a multiple of the threads in number; a single chunk, the plain sequential run, on one
 * thread or when a feature depends on the whole history (count bars, EWMA): each chunk would replay from the start.
 */
final class ChunkPlan {
    /** Chunks per thread the default aims at. */
    public static final int CHUNKS_PER_THREAD = 4;
    /** A default chunk is at least this many warm-ups long, so re-replayed warm-up stays a small share of the work. */
    public static final int MIN_CHUNKS_OF_WARM_UP = 16;
    private static final long ONE_SECOND = 1_000_000_000L;

    private ChunkPlan() {
    }

    /** Chunks of {@code chunkNanos} (the last one shorter) covering {@code [from, to]}. */
    public static List<Chunk> of(long from, long to, long chunkNanos) {
        if (from > to) {
            throw new IllegalArgumentException("compute range is empty: from " + from + " > to " + to);
        }
        if (chunkNanos <= 0) {
            throw new IllegalArgumentException("chunk length must be > 0 ns, got " + chunkNanos);
        }
        List<Chunk> chunks = new ArrayList<>();
        long start = from;
        while (true) {
            long end = to - start < chunkNanos ? to : start + chunkNanos - 1; // no overflow: to - start >= 0 is checked first
            chunks.add(new Chunk(chunks.size(), start, end));
            if (end == to) {
                return chunks;
            }
            start = end + 1;
        }
    }

    /** The default chunk length for {@code threads} threads over {@code [from, to]} with this warm-up (see the class comment). */
    public static long defaultChunkNanos(long from, long to, int threads, long warmUpNanos) {
        long span = spanOf(from, to);
        if (threads <= 1 || warmUpNanos == FeatureDefinition.WHOLE_HISTORY) {
            return span; // with a whole-history warm-up every chunk replays from the start: more chunks only repeat work
        }
        long minLength = Math.max(warmUpNanos, ONE_SECOND) > Long.MAX_VALUE / MIN_CHUNKS_OF_WARM_UP ? Long.MAX_VALUE
                : Math.max(warmUpNanos, ONE_SECOND) * MIN_CHUNKS_OF_WARM_UP;
        long chunks = Math.min((long) threads * CHUNKS_PER_THREAD, span / minLength);
        chunks = Math.max(threads, chunks / threads * threads); // a whole number of rounds, so no thread idles at the end
        return Math.max(1, ceilDiv(span, chunks)); // equal chunks
    }

    private static long spanOf(long from, long to) {
        long span = to - from + 1;
        return span <= 0 ? Long.MAX_VALUE : span;
    }

    private static long ceilDiv(long a, long b) {
        return a / b + (a % b == 0 ? 0 : 1);
    }
}

package io.featurizer.offline.compute;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChunkPlanTest {
    static final long S = 1_000_000_000L;
    static final long MIN = 60 * S;

    @Test
    void chunksCoverTheRangeInOrderTheLastOneShorter() {
        assertEquals(List.of(new Chunk(0, 0, 29), new Chunk(1, 30, 59), new Chunk(2, 60, 89), new Chunk(3, 90, 99)), ChunkPlan.of(0, 99, 30));
        assertEquals(List.of(new Chunk(0, 5, 5)), ChunkPlan.of(5, 5, 30));
        assertEquals(List.of(new Chunk(0, Long.MAX_VALUE - 10, Long.MAX_VALUE)), ChunkPlan.of(Long.MAX_VALUE - 10, Long.MAX_VALUE, 100), "no overflow at the end");
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(10, 9, 1));
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.of(0, 9, 0));
    }

    @Test
    void theDefaultIsOneChunkOnOneThreadElseEqualChunksLongAgainstTheWarmUp() {
        assertEquals(20 * MIN, ChunkPlan.defaultChunkNanos(0, 20 * MIN - 1, 1, MIN), "one thread: the sequential run");
        // 20 min with a 1 min warm-up: chunks of at least 16 min would be one, so one per thread
        assertEquals(10 * MIN, ChunkPlan.defaultChunkNanos(0, 20 * MIN - 1, 2, MIN));
        // 2 h: at most 7 chunks of 16 min, rounded down to a multiple of 2 threads: 6 of 20 min
        assertEquals(20 * MIN, ChunkPlan.defaultChunkNanos(0, 120 * MIN - 1, 2, MIN));
        // 1 day: four chunks per thread
        assertEquals(3 * 60 * MIN, ChunkPlan.defaultChunkNanos(0, 24 * 60 * MIN - 1, 2, MIN));
        // no lookback: chunks of at least 16 s; 10 min on 2 threads is 8 chunks of 75 s
        assertEquals(75 * S, ChunkPlan.defaultChunkNanos(0, 10 * MIN - 1, 2, 0));
    }
}

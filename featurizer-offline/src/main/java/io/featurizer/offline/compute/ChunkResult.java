package io.featurizer.offline.compute;

import java.util.List;

/**
 * What one chunk computed.
 *
 * @param chunk            the chunk
 * @param series           per output feature (in the compute's order), its outputs timed in the chunk
 * @param inputEvents      input events timed in the chunk (warm-up and tail not counted)
 * @param replayedEvents   input events replayed, warm-up and tail included
 * @param lastInputTime    the latest clock time of an input timed in the chunk, or {@code Long.MIN_VALUE} when it had none
 */
record ChunkResult(Chunk chunk, List<FeatureSeries> series, long inputEvents, long replayedEvents, long lastInputTime) {
}

package io.featurizer.storage.journal;

import java.nio.file.Path;

/**
 * What {@link Journal#open} found: the segments present, the next sequence it will assign, and the
 * torn tail it cut off, if any (a frame the crash left half written; it was never accepted).
 *
 * @param segments     segment files found
 * @param nextSequence sequence the next append gets (recovered maximum + 1)
 * @param tornSegment  the segment whose tail was cut, or null
 * @param tornOffset   where the cut was made (start of the unfinished frame), or -1
 * @param tornBytes    bytes of the unfinished frame that were cut, up to its last non-zero byte (0 if none)
 */
public record JournalRecovery(int segments, long nextSequence, Path tornSegment, long tornOffset, long tornBytes) {
    /** Number of unfinished frames cut: 0 or 1 (a crash leaves at most one). */
    public int tornFrames() {
        return tornBytes > 0 ? 1 : 0;
    }
}

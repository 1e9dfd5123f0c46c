package io.featurizer.storage.journal;

import java.nio.file.Path;

/**
 * A journal segment holds a frame that is not what the writer wrote and that is not the torn tail a
 * crash leaves (an unfinished last frame of the last segment). Never skipped: the data after it
 * would be lost silently.
 */
public final class JournalCorruptException extends RuntimeException {
    private final Path segment;
    private final long offset;
    private final String reason;

    public JournalCorruptException(Path segment, long offset, String reason) {
        super("journal segment " + segment + " is corrupt at byte " + offset + ": " + reason);
        this.segment = segment;
        this.offset = offset;
        this.reason = reason;
    }

    public JournalCorruptException(Path segment, long offset, String reason, Throwable cause) {
        this(segment, offset, reason);
        initCause(cause);
    }

    /** The segment file. */
    public Path segment() {
        return segment;
    }

    /** Byte offset of the bad frame (or header field) in the segment. */
    public long offset() {
        return offset;
    }

    /** What was found instead of what was expected. */
    public String reason() {
        return reason;
    }
}

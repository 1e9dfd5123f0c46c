package io.featurizer.storage.block;

import java.nio.file.Path;

/**
 * A block file could not be written or read: missing, empty, truncated, corrupt, or not of the
 * expected column layout. The message names the file and, when known, the row.
 */
public final class BlockFileException extends RuntimeException {
    private final transient Path file;

    public BlockFileException(Path file, String reason, Throwable cause) {
        super("block " + file + ": " + reason + (cause == null ? "" : ": " + cause.getMessage()), cause);
        this.file = file;
    }

    public BlockFileException(Path file, String reason) {
        this(file, reason, null);
    }

    /** The block file concerned. */
    public Path file() {
        return file;
    }
}

package io.featurizer.storage.ingest;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A vendor file could not be read as expected: names the file, the line (when there is one), what was
 * wrong and what was expected, e.g. {@code bad price 'abc' at tardis_x.csv:17: expected a decimal number}.
 */
public final class IngestException extends IOException {
    private final Path path;
    private final long line;

    /** {@code expected} is the message's tail and says what was expected, e.g. {@code "expected a decimal number"}. */
    public IngestException(Path path, long line, String problem, String expected) {
        super(problem + (line > 0 ? " at " + path + ":" + line : " in " + path) + ": " + expected);
        this.path = path;
        this.line = line;
    }

    /** The file the problem is in. */
    public Path path() {
        return path;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public long line() {
        return line;
    }
}

package io.featurizer.storage.ingest;

import java.io.IOException;

/**
 * A row handler whose events span several consecutive rows (one exchange message). Subclasses tell, for
 * each row, whether it continues the open message ({@link #join}); a message is delivered when the next
 * one starts or the file ends. In lenient mode a malformed row poisons its message, which is then dropped
 * whole (all its rows counted skipped), so no half message is ever delivered. A row malformed before its
 * message is known (a bad key cell, a wrong field count) is skipped and poisons the open message, as it
 * may have been part of it.
 */
abstract class MessageRowHandler extends RowHandler {
    private boolean open;
    private boolean poisoned;
    private boolean joined;
    private int rows;
    private long firstLine;

    MessageRowHandler(IngestSink sink, Counters counters) {
        super(sink, counters);
    }

    @Override
    final void row(CsvLineScanner row) throws BadRowException, IOException {
        joined = false;
        handle(row);
    }

    /** Handles a row: parse the message key, {@link #join}, then the rest. */
    abstract void handle(CsvLineScanner row) throws BadRowException, IOException;

    /**
     * Adds the current row to the open message if {@code sameMessage}, else delivers the open message and
     * opens a new one. Returns true when a new message was opened (the subclass then resets its event).
     */
    protected final boolean join(boolean sameMessage, long line) throws IOException {
        boolean opened = false;
        if (!open || !sameMessage) {
            finish();
            open = true;
            poisoned = false;
            rows = 0;
            firstLine = line;
            opened = true;
        }
        rows++;
        joined = true;
        return opened;
    }

    /** True while the open message is known to be dropped (lenient mode). */
    protected final boolean poisoned() {
        return poisoned;
    }

    /** Drops the open message without calling it malformed (e.g. book deltas before any snapshot). */
    protected final void discard() {
        poisoned = true;
    }

    /** The line the open message started at. */
    protected final long firstLine() {
        return firstLine;
    }

    @Override
    final void rejected() {
        if (!joined) {
            counters.rowsSkipped++;
        }
        if (open) {
            poisoned = true;
        }
    }

    @Override
    final void end() throws IOException {
        finish();
    }

    private void finish() throws IOException {
        if (!open) {
            return;
        }
        open = false;
        if (poisoned) {
            counters.rowsSkipped += rows;
            dropped();
        } else {
            deliver();
        }
    }

    /** The open message was dropped (malformed or discarded); subclasses may forget state that depended on it. */
    void dropped() {
    }

    /** Delivers the complete open message (via {@link #emit}). */
    abstract void deliver() throws IOException;
}

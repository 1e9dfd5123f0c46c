package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.storage.EventCursor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Streams a block's events, optionally only those with {@code from <= ts <= to}: decodes one row
 * group at a time into reused column arrays (skipping row groups whose timestamp statistics lie
 * outside the range) and fills a reused event view per row. Two views alternate, so the event
 * {@link #current()} returned stays intact until the second {@link #next()} after it: the stream merge
 * compares an event with the one before without copying either. Owns (and closes) its reader.
 */
final class ParquetEventCursor implements EventCursor {
    private final Path file;
    private final BlockFileReader reader;
    private final RowGroupColumns columns;
    private final EventDecoder decoder;
    private final Event[] views;
    private int view;
    private final long from, to;
    private int group = -1;
    private int row;
    private long sequence;
    private boolean closed;

    ParquetEventCursor(Path file, BlockFileReader reader, EventDecoder decoder, Event view, long from, long to) {
        this.file = file;
        this.reader = reader;
        this.decoder = decoder;
        this.views = new Event[] {view, view.copy()};
        this.from = from;
        this.to = to;
        this.columns = new RowGroupColumns(reader.kinds(), 0);
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        try {
            while (true) {
                if (row >= columns.rows) {
                    if (!nextGroup()) {
                        close();
                        return false;
                    }
                    continue;
                }
                int r = row++;
                long ts = columns.longs[0][r];
                if (ts < from || ts > to) {
                    continue;
                }
                sequence = columns.longs[2][r];
                view ^= 1;
                decoder.fill(columns, r, views[view]);
                return true;
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(e);
            throw new BlockFileException(file, "cannot read row " + (row - 1) + " of row group " + group, e);
        }
    }

    private boolean nextGroup() throws IOException {
        while (++group < reader.rowGroups()) {
            if (reader.overlaps(group, from, to)) {
                reader.read(group, columns);
                row = 0;
                return true;
            }
        }
        columns.rows = 0;
        return false;
    }

    @Override
    public Event current() {
        return views[view];
    }

    @Override
    public long sequence() {
        return sequence;
    }

    private void closeQuietly(Exception failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            reader.close();
        } catch (IOException e) {
            throw new BlockFileException(file, "cannot close the block reader", e);
        }
    }
}

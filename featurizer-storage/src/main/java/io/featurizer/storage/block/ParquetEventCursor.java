package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.storage.EventCursor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Streams the rows of one block query into one reused event view. Owns (and closes) its connection. */
final class ParquetEventCursor implements EventCursor {
    private final Path file;
    private final Connection connection;
    private final Statement statement;
    private final ResultSet rows;
    private final RowCodec codec;
    private final Event view;
    private long sequence;
    private long row = -1;
    private boolean closed;

    ParquetEventCursor(Path file, Connection connection, Statement statement, ResultSet rows, RowCodec codec, Event view) {
        this.file = file;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        this.codec = codec;
        this.view = view;
    }

    @Override
    public boolean next() {
        if (closed) {
            return false;
        }
        try {
            if (!rows.next()) {
                close();
                return false;
            }
            row++;
            sequence = rows.getLong(3);
            codec.decode(rows, rows.getLong(1), rows.getLong(2), view);
            return true;
        } catch (SQLException | RuntimeException e) {
            close();
            throw new BlockFileException(file, "cannot read row " + row, e);
        }
    }

    @Override
    public Event current() {
        return view;
    }

    @Override
    public long sequence() {
        return sequence;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (connection; statement; rows; codec) {
            // closes in reverse order
        } catch (SQLException e) {
            throw new BlockFileException(file, "cannot close the block reader", e);
        }
    }
}

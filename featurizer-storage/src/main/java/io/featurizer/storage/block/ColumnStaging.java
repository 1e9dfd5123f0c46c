package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes a block of a layout without list columns (trades, quotes, scalar features) by staging it
 * column-wise: each chunk of events becomes ONE appender row whose columns are lists holding a
 * whole column of the chunk ({@code append(long[])}: one bulk copy per column per chunk instead of
 * a driver call per value), and DuckDB rebuilds the rows natively while copying to Parquet
 * ({@code SELECT unnest(c0) AS timestamp, ...}).
 *
 * <p>Order: unnest keeps list order and a table scan returns rows in insertion order (DuckDB's
 * {@code preserve_insertion_order}, on by default, lets it reorder only results of queries without
 * ORDER BY when switched off), so the chunks come back in the order written.
 *
 * <p>Not for list columns: a per-event list cannot be sliced out of a chunk-wide list without DuckDB
 * copying the whole chunk list per row (measured: out of memory at 250 k book messages), and
 * regrouping flattened values per event ({@code list(v) GROUP BY k}, joined back and sorted)
 * measured 0.03 to 0.2 M book messages/s and needs {@code list(v ORDER BY j)} to be exact under
 * several DuckDB threads, the slow end; see {@link ParquetBlocks}.
 */
final class ColumnStaging {
    /** Events per staging row: large rows amortise the per-row cost and bound the Java buffers (2 MB per column). */
    static final int DEFAULT_CHUNK = 1 << 18;
    private static final String TABLE = "block_columns";

    private final BlockLayout layout;
    private final int chunk;
    private final Kind[] kinds;

    ColumnStaging(BlockLayout layout, int chunk) {
        this.layout = layout;
        this.chunk = chunk;
        List<BlockLayout.Column> cols = layout.columns();
        kinds = new Kind[cols.size()];
        for (int c = 0; c < kinds.length; c++) {
            kinds[c] = Kind.of(cols.get(c).sqlType());
        }
    }

    /** Whether a layout can be staged column-wise: no list columns. */
    static boolean supports(BlockLayout layout) {
        return layout.columns().stream().noneMatch(c -> c.sqlType().endsWith("[]"));
    }

    /** Stages {@code events} (already checked to be of the layout's schema) and copies them to {@code file}. */
    void write(DuckDBConnection c, Path file, List<? extends Event> events, long[] sequences) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(createTableSql());
            try (DuckDBAppender row = c.createAppender("temp", "main", TABLE)) {
                Buffers buffers = new Buffers(kinds, Math.min(chunk, Math.max(1, events.size())));
                for (int from = 0; from < events.size(); from += chunk) {
                    appendChunk(row, buffers, events, sequences, from, Math.min(events.size(), from + chunk));
                }
            }
            st.execute("COPY (" + copySelect() + ") TO " + DuckDb.literal(file.toAbsolutePath().toString()) + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    private String createTableSql() {
        StringBuilder sb = new StringBuilder("CREATE OR REPLACE TEMP TABLE " + TABLE + " (");
        List<BlockLayout.Column> cols = layout.columns();
        for (int c = 0; c < cols.size(); c++) {
            sb.append(c > 0 ? ", " : "").append('c').append(c).append(' ').append(kinds[c] == Kind.LONG ? "BIGINT" : kinds[c].name()).append("[]");
        }
        return sb.append(')').toString();
    }

    private String copySelect() {
        List<BlockLayout.Column> cols = layout.columns();
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int c = 0; c < cols.size(); c++) {
            BlockLayout.Column col = cols.get(c);
            sb.append(c > 0 ? ", " : "").append("unnest(c").append(c).append(')').append(col.sqlType().equals("TINYINT") ? "::TINYINT" : "")
                    .append(" AS ").append(DuckDb.identifier(col.name()));
        }
        return sb.append(" FROM " + TABLE).toString();
    }

    private void appendChunk(DuckDBAppender row, Buffers b, List<? extends Event> events, long[] sequences, int from, int to)
            throws SQLException {
        int n = to - from;
        int columns = kinds.length;
        // one pass over the events (each is touched once, while in cache), writing every column buffer
        for (int i = 0; i < n; i++) {
            Event e = events.get(from + i);
            b.longs[0][i] = e.ts();
            b.longs[1][i] = e.receiptTs();
            b.longs[2][i] = sequences[from + i];
            for (int c = 3; c < columns; c++) {
                switch (kinds[c]) {
                    case LONG -> b.longs[c][i] = e.getLong(c - 3);
                    case DOUBLE -> b.doubles[c][i] = e.getDouble(c - 3);
                    case BOOLEAN -> b.booleans[c][i] = e.getLong(c - 3) != 0;
                }
            }
        }
        row.beginRow();
        for (int c = 0; c < columns; c++) {
            switch (kinds[c]) {
                case LONG -> row.append(n == b.size ? b.longs[c] : Arrays.copyOf(b.longs[c], n));
                case DOUBLE -> row.append(n == b.size ? b.doubles[c] : Arrays.copyOf(b.doubles[c], n));
                case BOOLEAN -> row.append(n == b.size ? b.booleans[c] : Arrays.copyOf(b.booleans[c], n));
            }
        }
        row.endRow();
    }

    /** How a column is staged: BIGINT[] (also TINYINT, cast back natively: the appender has no byte-list append), DOUBLE[], BOOLEAN[]. */
    private enum Kind {
        LONG, DOUBLE, BOOLEAN;

        static Kind of(String sqlType) {
            return switch (sqlType) {
                case "BIGINT", "TINYINT" -> LONG;
                case "DOUBLE" -> DOUBLE;
                case "BOOLEAN" -> BOOLEAN;
                default -> throw new IllegalArgumentException("column type " + sqlType + " cannot be staged column-wise");
            };
        }
    }

    /** Reusable column buffers of one chunk; the appender takes a list as a whole array, so a short last chunk is copied to length. */
    private static final class Buffers {
        final int size;
        final long[][] longs;
        final double[][] doubles;
        final boolean[][] booleans;

        Buffers(Kind[] kinds, int size) {
            this.size = size;
            longs = new long[kinds.length][];
            doubles = new double[kinds.length][];
            booleans = new boolean[kinds.length][];
            for (int c = 0; c < kinds.length; c++) {
                switch (kinds[c]) {
                    case LONG -> longs[c] = new long[size];
                    case DOUBLE -> doubles[c] = new double[size];
                    case BOOLEAN -> booleans[c] = new boolean[size];
                }
            }
        }
    }
}

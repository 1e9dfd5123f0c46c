package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.Schema;
import io.featurizer.storage.EventCursor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The block file format: a sorted run of events of one {@link Schema} as one Parquet file (ZSTD),
 * written and read through DuckDB's JDBC driver. The columns are those of {@link BlockLayout}, so a
 * block opens as an ordinary table in pandas, polars and DuckDB.
 *
 * <p><b>Book updates: one row per message, levels as lists.</b> A message is a row with
 * {@code is_snapshot, first_seq, last_seq, prev_seq} and four DOUBLE[] columns {@code bid_prices,
 * bid_sizes, ask_prices, ask_sizes}; an empty message is a row with empty lists. The other
 * candidate, one row per level (Tardis {@code incremental_book_L2} style, message fields repeated,
 * an empty message as one row with NULL side), measured slower on every count
 * ({@code BookLayoutBenchmark} in the tests: 250 k messages of 10 levels, one DuckDB thread, per
 * CPU second): write 0.10 vs 0.08 M msg/s, read 1.0 vs 0.75 M msg/s, file 9.9 MB vs 16 MB. Rows
 * per level repeat seven header columns per level and pay a JDBC {@code next()} per level; lists
 * are also what pandas and polars users expect of a message.
 *
 * <p><b>Throughput</b> ({@code ParquetBlocksBenchmark}, per CPU second, on a shared 2-core box):
 * trades write about 1.4 M/s row by row (2 M/s column-wise, below) and read 6 to 7.5 M/s; 10-level
 * book messages write 0.1 M/s and read
 * 1.0 to 1.4 M/s. The limits are the driver's: its appender costs roughly 1.5 us per appended list
 * (three JNI calls to size the child vector), and it boxes every fetched list element, which is
 * why {@link BookRows} streams levels through a flattened second query. DuckDB's own Parquet engine
 * is not much faster for books (a native scan of the same file: about 4 M msg/s per thread; its
 * COPY alone about 0.45 M msg/s). A hand-written PLAIN+ZSTD column codec measured about 4 M msg/s
 * decode and 1.7 M msg/s compress on the same data, so that (not DuckDB's Arrow export, which adds
 * Arrow's memory libraries and still pays the COPY) is the way to book targets beyond these.
 * (Staging levels in fixed-size DOUBLE[k] columns measured twice the book write rate, but needs a
 * second path for wider messages such as snapshots and holds k levels per row in memory: not done.)
 *
 * <p>Writes stage the block in a temporary in-memory table through DuckDB's appender, then
 * {@code COPY ... TO} the file; the caller writes to a temp path and renames. Layouts without list
 * columns (trades, quotes, scalar features) are staged column-wise by {@link ColumnStaging}: best of
 * 8 on 1 M trades, 1.7 to 3.2 M/s per CPU second against 1.4 to 1.5 M/s row by row (the COPY itself
 * is about 0.3 s of it). Layouts with lists (books) stay row by row, for the reasons given there. Reads stream
 * {@code read_parquet} in file order; the range read filters on {@code timestamp}, which DuckDB
 * pushes down to the row groups' min/max statistics, so row groups outside the range are skipped.
 */
public final class ParquetBlocks {
    private static final String STAGING_TABLE = "block_rows";
    /** Events per column-wise staging row; smaller only in tests, to cover blocks of several chunks. */
    static int stagingChunk = ColumnStaging.DEFAULT_CHUNK;

    private ParquetBlocks() {
    }

    /**
     * Writes {@code events} (sorted by the caller), with {@code sequences[i]} the ingestion sequence
     * of event i, to {@code file} as a ZSTD Parquet file, replacing any file there.
     */
    public static void write(Path file, Schema schema, List<? extends Event> events, long[] sequences) {
        if (sequences.length != events.size()) {
            throw new IllegalArgumentException("block " + file + ": " + events.size() + " events but " + sequences.length + " sequences");
        }
        BlockLayout layout = BlockLayout.of(schema);
        try (DuckDBConnection c = DuckDb.connect()) {
            if (ColumnStaging.supports(layout)) {
                requireSchema(file, schema, events);
                new ColumnStaging(layout, stagingChunk).write(c, file, events, sequences);
            } else {
                writeRows(c, file, layout, events, sequences);
            }
        } catch (SQLException e) {
            throw new BlockFileException(file, "cannot write " + events.size() + " " + schema.name() + " events", e);
        }
    }

    private static void requireSchema(Path file, Schema schema, List<? extends Event> events) {
        for (int i = 0; i < events.size(); i++) {
            requireSchema(file, schema, events.get(i), i);
        }
    }

    private static void requireSchema(Path file, Schema schema, Event e, int i) {
        if (e.schema() != schema && !e.schema().equals(schema)) {
            throw new IllegalArgumentException("block " + file + ": event " + i + " has schema " + e.schema().name()
                    + ", expected " + schema.name());
        }
    }

    /** Row by row through the appender: for layouts with list columns (see {@link ColumnStaging} for why). */
    private static void writeRows(DuckDBConnection c, Path file, BlockLayout layout, List<? extends Event> events, long[] sequences)
            throws SQLException {
        Schema schema = layout.schema();
        RowCodec codec = RowCodec.of(schema);
        try (Statement st = c.createStatement()) {
            st.execute(layout.createTempTableSql(STAGING_TABLE));
            try (DuckDBAppender row = c.createAppender("temp", "main", STAGING_TABLE)) {
                for (int i = 0; i < sequences.length; i++) {
                    Event e = events.get(i);
                    requireSchema(file, schema, e, i);
                    row.beginRow().append(e.ts()).append(e.receiptTs()).append(sequences[i]);
                    codec.append(row, e);
                    row.endRow();
                }
            }
            st.execute("COPY " + DuckDb.identifier(STAGING_TABLE) + " TO " + DuckDb.literal(file.toAbsolutePath().toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    /** Reads every event of the block, in file order. */
    public static EventCursor read(Path file, Schema schema) {
        return open(file, schema, "");
    }

    /**
     * Reads the events with {@code from <= ts <= to}, in file order. Row groups entirely outside the
     * range are skipped by their statistics.
     */
    public static EventCursor read(Path file, Schema schema, long from, long to) {
        return open(file, schema, " WHERE " + DuckDb.identifier(BlockLayout.TIMESTAMP) + " BETWEEN " + from + " AND " + to);
    }

    /**
     * A DuckDB {@code SELECT} that presents the given blocks (all of {@code schema}) as one table with
     * the {@link BlockLayout} columns, e.g. for {@code CREATE VIEW trades AS <this>}. Paths are
     * quoted as SQL string literals, so a hostile file name cannot inject SQL.
     */
    public static String tableSql(Schema schema, List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no block files for " + schema.name());
        }
        StringBuilder list = new StringBuilder("[");
        for (Path f : files) {
            list.append(list.length() > 1 ? ", " : "").append(DuckDb.literal(f.toAbsolutePath().toString()));
        }
        return "SELECT " + BlockLayout.of(schema).selectList() + " FROM read_parquet(" + list + "])";
    }

    private static EventCursor open(Path file, Schema schema, String where) {
        if (!Files.isRegularFile(file)) {
            throw new BlockFileException(file, "no such file");
        }
        BlockLayout layout = BlockLayout.of(schema);
        RowCodec codec = RowCodec.of(schema);
        DuckDBConnection c = null;
        Statement st = null;
        ResultSet rs = null;
        try {
            c = DuckDb.connect();
            st = c.createStatement();
            String fromWhere = " FROM read_parquet(" + DuckDb.literal(file.toAbsolutePath().toString()) + ")" + where;
            String fields = codec.readColumns(layout);
            rs = st.executeQuery("SELECT " + String.join(", ", DuckDb.identifier(BlockLayout.TIMESTAMP),
                    DuckDb.identifier(BlockLayout.RECEIPT_TIMESTAMP), DuckDb.identifier(BlockLayout.SEQ)) + (fields.isEmpty() ? "" : ", " + fields)
                    + fromWhere);
            requireLayout(file, layout, rs.getMetaData());
            codec.open(fromWhere);
            return new ParquetEventCursor(file, c, st, rs, codec, Events.newEvent(schema));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(e, codec, rs, st, c);
            if (e instanceof BlockFileException b) {
                throw b;
            }
            throw new BlockFileException(file, "cannot read as a " + schema.name() + " block", e);
        }
    }

    /** Checks the type of every selected column that is a layout column as such (not an expression over one). */
    private static void requireLayout(Path file, BlockLayout layout, ResultSetMetaData meta) throws SQLException {
        List<BlockLayout.Column> cols = layout.columns();
        for (int i = 0; i < Math.min(cols.size(), meta.getColumnCount()); i++) {
            BlockLayout.Column expected = cols.get(i);
            String actual = meta.getColumnTypeName(i + 1);
            if (meta.getColumnName(i + 1).equals(expected.name()) && !actual.equals(expected.sqlType())) {
                throw new BlockFileException(file, "column " + expected.name() + " is " + actual + ", expected " + expected.sqlType());
            }
        }
    }

    private static void closeQuietly(Exception failure, AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            if (r != null) {
                try {
                    r.close();
                } catch (Exception suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
        }
    }
}

package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.Schema;
import io.featurizer.storage.EventCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block file format: a sorted run of events of one {@link Schema} as one Parquet file (ZSTD).
 * The columns are those of {@link BlockLayout}, typed as DuckDB itself would write them, so a block
 * opens as an ordinary table in pandas, polars and DuckDB ({@link #tableSql}).
 *
 * <p><b>Book updates: one row per message, levels as lists.</b> A message is a row with
 * {@code is_snapshot, first_seq, last_seq, prev_seq} and four DOUBLE[] columns {@code bid_prices,
 * bid_sizes, ask_prices, ask_sizes}; an empty message is a row with empty lists. The other
 * candidate, one row per level (Tardis {@code incremental_book_L2} style), measured slower on every
 * count through DuckDB ({@code BookLayoutBenchmark} in the tests: write 0.10 vs 0.08 M msg/s, read
 * 1.0 vs 0.75 M msg/s, file 9.9 MB vs 16 MB) and lists are what pandas and polars users expect.
 *
 * <p><b>Written and read by hand, not through DuckDB.</b> Blocks are the recording and replay hot
 * path, and DuckDB's JDBC driver costs per value: its appender about 1.5 us per appended list, its
 * result sets box every list element, so 10-level books wrote at 0.1 M msg/s and read at about
 * 1 M msg/s per CPU second (trades 0.8 to 2 M/s and 7 to 9 M/s). {@link BlockFileWriter} and
 * {@link BlockFileReader} implement the needed part of the Parquet spec directly (Thrift compact
 * footer and page headers, v1 data pages, PLAIN values, RLE levels, ZSTD through zstd-jni), moving
 * whole columns between primitive arrays and pages. Measured ({@code ParquetBlocksBenchmark 1000000 10},
 * events per CPU second of the calling thread, warm rounds, a shared and busy 2-core box; DuckDB path
 * before, this one after): trades write 0.8-0.9 before, 4.0-4.5 M/s after, read 8-9 before,
 * 6.6-8.7 M/s after (within the box's noise); 10-level books write 0.10 before, 0.8-0.9 M msg/s after,
 * read 1.0-1.1 before, 1.9-2.5 M msg/s after. Files are about 30% larger (trades 17.1 vs 13.3 MB per
 * million, books 14.9 vs 10.2 MB per 250 k): zstd level 1 and no dictionary pages, chosen for write speed.
 * DuckDB stays for SQL over blocks ({@link #tableSql}) and reads these files as its own.
 *
 * <p>The range read skips row groups by the {@code timestamp} min/max statistics, then filters rows.
 */
public final class ParquetBlocks {
    /** Rows per row group; smaller only in tests, to cover blocks of several row groups. */
    static int rowGroupRows = BlockFileWriter.ROW_GROUP_ROWS;

    private ParquetBlocks() {
    }

    /**
     * Writes {@code events} (sorted by the caller), with {@code sequences[i]} the ingestion sequence
     * of event i, to {@code file} as a ZSTD Parquet file, replacing any file there. Returns its content
     * hash ({@link BlockFileWriter#finish}), with {@code extra} hashed after the pages.
     */
    public static String write(Path file, Schema schema, List<? extends Event> events, long[] sequences, long... extra) {
        if (sequences.length != events.size()) {
            throw new IllegalArgumentException("block " + file + ": " + events.size() + " events but " + sequences.length + " sequences");
        }
        int i = 0;
        try (PageEncoder enc = new PageEncoder()) {
            BlockFileWriter w = new BlockFileWriter(file, schema, enc);
            RowGroupColumns g = RowGroupColumns.forSchema(schema);
            try {
                for (; i < events.size(); i++) {
                    g.add(events.get(i), sequences[i]);
                    if (g.isFull()) {
                        w.writeRowGroup(g);
                        g.clear();
                    }
                }
                w.writeRowGroup(g);
                return w.finish(extra);
            } finally {
                w.abort();
            }
        } catch (RowGroupColumns.ForeignEventException e) {
            throw new IllegalArgumentException("block " + file + ": event " + i + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new BlockFileException(file, "cannot write " + events.size() + " " + schema.name() + " events", e);
        }
    }

    /** Reads every event of the block, in file order. */
    public static EventCursor read(Path file, Schema schema) {
        return read(file, schema, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Reads the events with {@code from <= ts <= to}, in file order. Row groups entirely outside the
     * range are skipped by their statistics.
     */
    public static EventCursor read(Path file, Schema schema, long from, long to) {
        if (!Files.isRegularFile(file)) {
            throw new BlockFileException(file, "no such file");
        }
        BlockLayout layout = BlockLayout.of(schema);
        try {
            BlockFileReader reader = BlockFileReader.open(file, layout);
            return new ParquetEventCursor(file, reader, EventDecoder.of(schema), Events.newEvent(schema), from, to);
        } catch (ParquetFormatException e) {
            throw new BlockFileException(file, e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new BlockFileException(file, "cannot read as a " + schema.name() + " block", e);
        }
    }

    /**
     * Recomputes a block file's content hash from its pages, as {@link #write} computed it: one hash
     * without extras and one with {@code extra} (e.g. a covered range), so a caller can check a file
     * against the hash it is listed under. Needs no schema: reads the columns the file declares, and
     * checks the whole file decodes.
     */
    public static String[] contentHashes(Path file, long... extra) {
        if (!Files.isRegularFile(file)) {
            throw new BlockFileException(file, "no such file");
        }
        try {
            MessageDigest pages = BlockFileWriter.newDigest();
            BlockFileReader.digestPages(file, pages);
            MessageDigest withExtra = (MessageDigest) pages.clone();
            return new String[] {BlockFileWriter.hash(pages), BlockFileWriter.hash(withExtra, extra)};
        } catch (ParquetFormatException e) {
            throw new BlockFileException(file, e.getMessage());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        } catch (IOException | RuntimeException e) {
            throw new BlockFileException(file, "cannot read as a block", e);
        }
    }

    /**
     * {@code {first, last}} receipt time of a block's events, from the footer's statistics (no page is read), or null
     * when the file has none.
     */
    public static long[] receiptRange(Path file) {
        try (BlockFileReader r = BlockFileReader.open(file, null)) {
            return r.range(1); // columns: timestamp, receipt_timestamp, seq, fields
        } catch (IOException | RuntimeException e) {
            throw new BlockFileException(file, "cannot read the footer of a block", e);
        }
    }

    /**
     * The event schema of a block file, from the columns its footer declares: a built-in schema ({@code l2_book},
     * {@code trades}, {@code ticker}, {@code derivative_ticker}, {@code liquidations}) when the columns are exactly its layout, else a schema named {@code name} of
     * the columns after the three event columns (DOUBLE, BIGINT and TIMESTAMP_NS as LONG, DOUBLE[]). For tools that read a stream
     * knowing only its catalog rows ({@code catalog verify}, {@code catalog compact}).
     */
    public static Schema schemaOf(Path file, String name) {
        List<BlockLayout.Column> cols;
        try (BlockFileReader r = BlockFileReader.open(file, null)) {
            cols = r.columns();
        } catch (IOException | RuntimeException e) {
            throw new BlockFileException(file, "cannot read the footer of a block", e);
        }
        List<Schema> builtIns = List.of(io.featurizer.core.event.BookUpdate.SCHEMA, io.featurizer.core.event.Trade.SCHEMA,
                io.featurizer.core.event.Quote.SCHEMA, io.featurizer.core.event.DerivativeTicker.SCHEMA, io.featurizer.core.event.Liquidation.SCHEMA);
        // trades and liquidations have the same columns: the stream's name decides between them
        for (Schema builtIn : builtIns) {
            if (builtIn.name().equals(name) && BlockFileReader.holds(cols, BlockLayout.of(builtIn).columns())) {
                return builtIn;
            }
        }
        for (Schema builtIn : builtIns) {
            if (BlockFileReader.holds(cols, BlockLayout.of(builtIn).columns())) {
                return builtIn;
            }
        }
        Schema.Builder b = Schema.builder(name);
        for (BlockLayout.Column c : cols.subList(Math.min(3, cols.size()), cols.size())) {
            switch (c.sqlType()) {
                case "DOUBLE" -> b.addDouble(c.name());
                case "BIGINT", "TIMESTAMP_NS" -> b.addLong(c.name());
                case "DOUBLE[]" -> b.addArray(c.name());
                default -> throw new BlockFileException(file, "column " + c.name() + " is " + c.sqlType() + ", not a type of a feature block");
            }
        }
        return b.build();
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
        return "SELECT " + BlockLayout.of(schema).selectList() + " FROM (" + selectAllSql(files) + ")";
    }

    /**
     * A DuckDB {@code SELECT *} over block files of one stream, with the time columns as TIMESTAMP_NS in every row.
     * Blocks written before those columns were typed hold plain BIGINT ns, and DuckDB will not read BIGINT and
     * TIMESTAMP_NS files in one {@code read_parquet}: files are grouped by which time columns they hold as BIGINT,
     * each group read apart with those converted ({@code make_timestamp_ns}, exact), and the groups combined. A file
     * whose footer cannot be read is left to DuckDB, which names it when the table is read. Paths are quoted as SQL
     * string literals.
     */
    public static String selectAllSql(List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no block files");
        }
        Map<List<String>, List<Path>> groups = new LinkedHashMap<>();
        for (Path f : files) {
            groups.computeIfAbsent(untypedTimeColumns(f), k -> new ArrayList<>()).add(f);
        }
        StringBuilder sql = new StringBuilder();
        for (Map.Entry<List<String>, List<Path>> g : groups.entrySet()) {
            sql.append(sql.length() == 0 ? "" : " UNION ALL BY NAME ").append("SELECT *");
            StringBuilder replace = new StringBuilder();
            for (String column : g.getKey()) {
                String c = DuckDb.identifier(column);
                replace.append(replace.length() == 0 ? "" : ", ").append("make_timestamp_ns(").append(c).append(") AS ").append(c);
            }
            if (replace.length() > 0) {
                sql.append(" REPLACE (").append(replace).append(')');
            }
            sql.append(" FROM read_parquet([");
            for (int i = 0; i < g.getValue().size(); i++) {
                sql.append(i > 0 ? ", " : "").append(DuckDb.literal(g.getValue().get(i).toAbsolutePath().toString()));
            }
            sql.append("])");
        }
        return sql.toString();
    }

    /** The time columns ({@link BlockLayout#isTimeColumn}) a block file holds as plain BIGINT; none if its footer is unreadable. */
    private static List<String> untypedTimeColumns(Path file) {
        List<String> untyped = new ArrayList<>();
        try (BlockFileReader r = BlockFileReader.open(file, null)) {
            for (BlockLayout.Column c : r.columns()) {
                if (BlockLayout.isTimeColumn(c.name()) && c.sqlType().equals(ColumnKind.INT64.sqlType)) {
                    untyped.add(c.name());
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of(); // DuckDB reports the file when it reads it
        }
        return untyped;
    }
}

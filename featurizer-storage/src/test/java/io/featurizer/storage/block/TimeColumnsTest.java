package io.featurizer.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.EventCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The time columns ({@code timestamp}, {@code receipt_timestamp}, a computed block's {@code input_time}) are Parquet
 * TIMESTAMP(NANOS) over INT64: DuckDB (the independent reader here) sees TIMESTAMP_NS with every nanosecond, filters
 * row groups by their statistics, and blocks written before, with plain BIGINT ns, read exactly as they did.
 */
class TimeColumnsTest extends DuckDbTestSupport {
    /** 2023-02-01T10:00:00Z in ns; the test times add sub-microsecond digits, which a microsecond type would lose. */
    static final long T0 = 1_675_245_600_000_000_000L;

    @Test
    void duckDbSeesTimestampNsWithEveryNanosecond() throws SQLException {
        Path f = dir.resolve("trades.parquet");
        ParquetBlocks.write(f, Trade.SCHEMA, List.of(new Trade().set(T0 + 123_456_789, T0 + 123_457_001, Side.BUY, 100, 1, 1),
                new Trade().set(T0 + 999_999_999, T0 + 1_000_000_001, Side.SELL, 101, 2, 2)), new long[] {1, 2});

        assertEquals(List.of("timestamp|TIMESTAMP_NS", "receipt_timestamp|TIMESTAMP_NS", "seq|BIGINT"), rows("SELECT column_name, column_type FROM "
                + "(DESCRIBE SELECT * FROM read_parquet(" + lit(f) + ")) WHERE column_name IN ('timestamp', 'receipt_timestamp', 'seq')"));
        assertEquals(List.of((T0 + 123_456_789) + "|" + (T0 + 123_457_001) + "|2023-02-01 10:00:00.123456789",
                        (T0 + 999_999_999) + "|" + (T0 + 1_000_000_001) + "|2023-02-01 10:00:00.999999999"),
                rows("SELECT epoch_ns(timestamp), epoch_ns(receipt_timestamp), timestamp::VARCHAR FROM read_parquet(" + lit(f) + ") ORDER BY seq"));
        // a time literal compares as a time; the second trade is the only one after .5 s
        assertEquals(List.of("2"), rows("SELECT id FROM read_parquet(" + lit(f) + ") WHERE timestamp > '2023-02-01 10:00:00.5'"));
    }

    @Test
    void duckDbSkipsRowGroupsOutsideATimeFilterByTheirStatistics() throws IOException, SQLException {
        int saved = ParquetBlocks.rowGroupRows;
        ParquetBlocks.rowGroupRows = 1000;
        Path f = dir.resolve("groups.parquet");
        int n = 5_000; // 5 row groups of 1000
        try {
            List<Trade> in = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                in.add(new Trade().set(T0 + i * 1_000_001L, T0 + i * 1_000_001L + 5, Side.BUY, i, 1, i));
            }
            ParquetBlocks.write(f, Trade.SCHEMA, in, new long[n]);
        } finally {
            ParquetBlocks.rowGroupRows = saved;
        }
        // spoil every page of the first row group (byte range from DuckDB's own reading of the footer)
        String[] range = rows("SELECT min(data_page_offset), max(data_page_offset + total_compressed_size) FROM parquet_metadata(" + lit(f)
                + ") WHERE row_group_id = 0").get(0).split("\\|");
        byte[] bytes = Files.readAllBytes(f);
        Arrays.fill(bytes, Integer.parseInt(range[0]), Integer.parseInt(range[1]), (byte) 0xEE);
        Files.write(f, bytes);
        assertThrows(SQLException.class, () -> rows("SELECT sum(price) FROM read_parquet(" + lit(f) + ")"), "the first row group is unreadable");

        // rows 2500..4999 lie at or after the filter time: prices 2500..4999, by hand sum = (2500 + 4999) * 2500 / 2
        long from = T0 + 2_500 * 1_000_001L;
        assertEquals(List.of("2500|" + (2500.0 + 4999.0) * 2500 / 2), rows("SELECT count(*), sum(price) FROM read_parquet(" + lit(f)
                + ") WHERE timestamp >= make_timestamp_ns(" + from + ")"));
        assertEquals(List.of("500"), rows("SELECT count(*) FROM read_parquet(" + lit(f) + ") WHERE timestamp BETWEEN '2023-02-01 10:00:01.500'::TIMESTAMP_NS "
                + "AND make_timestamp_ns(" + (T0 + 1_999 * 1_000_001L) + ")")); // rows 1500 (10:00:01.5000015) to 1999
    }

    @Test
    void blocksWrittenWithPlainBigintTimesReadAsBefore() throws IOException, SQLException {
        List<Event> events = List.of(new Trade().set(T0 + 1, T0 + 2, Side.BUY, 10, 1, 7), new Trade().set(T0 + 1_000_000_003L, T0 + 1_000_000_004L,
                Side.SELL, 11, 2, 8));
        Path typed = dir.resolve("typed.parquet");
        String hash = ParquetBlocks.write(typed, Trade.SCHEMA, events, new long[] {1, 2});
        Path old = dir.resolve("old.parquet");
        Files.copy(typed, old);
        OldBlocks.untypeTimeColumns(old);
        assertFalse(Arrays.equals(Files.readAllBytes(typed), Files.readAllBytes(old)), "the old footer lacks the annotations");
        assertEquals(List.of("timestamp|BIGINT", "receipt_timestamp|BIGINT"), rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet("
                + lit(old) + ")) WHERE column_name LIKE '%timestamp'"));

        // our reader: the same events, content hash, schema and receipt range from either file
        assertEquals(events, readAll(old, Trade.SCHEMA));
        assertEquals(events, readAll(typed, Trade.SCHEMA));
        assertEquals(hash, ParquetBlocks.contentHashes(old)[0]);
        assertEquals(Trade.SCHEMA, ParquetBlocks.schemaOf(old, "x"));
        assertArrayEquals(new long[] {T0 + 2, T0 + 1_000_000_004L}, ParquetBlocks.receiptRange(old));

        // one table over old and new blocks: times as TIMESTAMP_NS from both (DuckDB alone refuses to mix the two types)
        assertThrows(SQLException.class, () -> rows("SELECT * FROM read_parquet([" + lit(typed) + ", " + lit(old) + "])"));
        String table = ParquetBlocks.tableSql(Trade.SCHEMA, List.of(old, typed));
        assertEquals(List.of("timestamp|TIMESTAMP_NS", "receipt_timestamp|TIMESTAMP_NS"), rows("SELECT column_name, column_type FROM (DESCRIBE " + table
                + ") WHERE column_name LIKE '%timestamp'"));
        String both = (T0 + 1) + "|" + (T0 + 2) + "|7";
        String second = (T0 + 1_000_000_003L) + "|" + (T0 + 1_000_000_004L) + "|8";
        assertEquals(List.of(both, both, second, second), rows("SELECT epoch_ns(timestamp), epoch_ns(receipt_timestamp), id FROM (" + table
                + ") ORDER BY timestamp, id"));
        assertEquals(List.of(both, second), rows("SELECT epoch_ns(timestamp), epoch_ns(receipt_timestamp), id FROM ("
                + ParquetBlocks.selectAllSql(List.of(old)) + ") ORDER BY timestamp"));
    }

    @Test
    void aComputedBlocksInputTimeIsATimeOtherLongFieldsStayBigint() throws IOException, SQLException {
        Schema schema = Schema.builder("mid").addDouble("mid").addLong("input_time").addLong("input_order").build();
        FeatureEvent e = new FeatureEvent(schema).set(0, 1.5).setLong(1, T0 + 42).setLong(2, 3);
        e.setTimes(T0 + 50, T0 + 60);
        Path f = dir.resolve("computed.parquet");
        ParquetBlocks.write(f, schema, List.of(e), new long[] {0});
        assertEquals(List.of("mid|DOUBLE", "input_time|TIMESTAMP_NS", "input_order|BIGINT"), rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * "
                + "FROM read_parquet(" + lit(f) + ")) WHERE column_name NOT IN ('timestamp', 'receipt_timestamp', 'seq')"));
        assertEquals(List.of((T0 + 42) + "|3"), rows("SELECT epoch_ns(input_time), input_order FROM read_parquet(" + lit(f) + ")"));
        // the schema of a block known only by its file: input_time is a LONG field again, and reads back
        Schema back = ParquetBlocks.schemaOf(f, "mid");
        assertEquals(schema, back);
        List<Event> read = readAll(f, back);
        assertEquals(T0 + 42, read.get(0).getLong(1));
        assertEquals(T0 + 50, read.get(0).ts());
        // a computed block stored before input_time was typed reads the same
        Path old = dir.resolve("computed-old.parquet");
        Files.copy(f, old);
        OldBlocks.untypeTimeColumns(old);
        assertEquals(List.of("BIGINT"), rows("SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + lit(old) + ")) WHERE column_name = 'input_time'"));
        assertEquals(read, readAll(old, schema));
        assertEquals(schema, ParquetBlocks.schemaOf(old, "mid"));
    }

    @Test
    void ourReaderReadsTimestampNsColumnsDuckDbWrote() throws SQLException {
        Path f = dir.resolve("duck.parquet");
        try (Statement st = sql.createStatement()) {
            st.execute("COPY (SELECT make_timestamp_ns(" + T0 + " + i * 1001) AS timestamp, make_timestamp_ns(" + T0 + " + i * 1001 + 7) AS receipt_timestamp, "
                    + "i AS seq, 1::TINYINT AS side, i::DOUBLE AS price, 1.0::DOUBLE AS amount, i AS id FROM range(3) t(i)) TO " + lit(f)
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
        List<Event> back = readAll(f, Trade.SCHEMA);
        assertEquals(3, back.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(T0 + i * 1001L, back.get(i).ts());
            assertEquals(T0 + i * 1001L + 7, back.get(i).receiptTs());
        }
    }

    @Test
    void aMicrosecondTimestampColumnIsRefusedNotMisread() throws SQLException {
        Path f = dir.resolve("micros.parquet");
        try (Statement st = sql.createStatement()) {
            st.execute("COPY (SELECT make_timestamp(" + T0 / 1000 + ") AS timestamp, make_timestamp_ns(" + T0 + ") AS receipt_timestamp, "
                    + "0::BIGINT AS seq, 1::TINYINT AS side, 1.0::DOUBLE AS price, 1.0::DOUBLE AS amount, 0::BIGINT AS id) TO " + lit(f) + " (FORMAT parquet)");
        }
        BlockFileException e = assertThrows(BlockFileException.class, () -> readAll(f, Trade.SCHEMA));
        assertFalse(e.getMessage().isEmpty());
        assertEquals(true, e.getMessage().contains("column timestamp is TIMESTAMP, expected TIMESTAMP_NS"), e.getMessage());
    }

    private static List<Event> readAll(Path f, Schema schema) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = ParquetBlocks.read(f, schema)) {
            while (c.next()) {
                out.add(c.current().copy());
            }
        }
        return out;
    }
}

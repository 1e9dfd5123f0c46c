package io.featurizer.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.EventCursor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written Parquet writer and reader against an independent implementation, DuckDB's: DuckDB
 * reads our files with the expected schema, codec, statistics and exactly the written values
 * (expectations computed by hand or by plain loops over the inputs), and our reader reads files
 * DuckDB wrote (dictionary-encoded, REQUIRED or OPTIONAL columns).
 */
class ParquetBlocksCompatibilityTest extends DuckDbTestSupport {
    @Test
    void duckDbSeesTheSchemaDuckDbWouldWriteItself() throws SQLException {
        Path f = dir.resolve("book.parquet");
        ParquetBlocks.write(f, BookUpdate.SCHEMA, List.of(new BookUpdate().reset(1, 2, true).addBid(1, 2)), new long[] {1});
        assertEquals(List.of("schema|null|REQUIRED|11", "timestamp|INT64|OPTIONAL|0", "receipt_timestamp|INT64|OPTIONAL|0", "seq|INT64|OPTIONAL|0",
                "is_snapshot|BOOLEAN|OPTIONAL|0", "first_seq|INT64|OPTIONAL|0", "last_seq|INT64|OPTIONAL|0", "prev_seq|INT64|OPTIONAL|0",
                "bid_prices|null|OPTIONAL|1", "list|null|REPEATED|1", "element|DOUBLE|OPTIONAL|0", "bid_sizes|null|OPTIONAL|1",
                "list|null|REPEATED|1", "element|DOUBLE|OPTIONAL|0", "ask_prices|null|OPTIONAL|1", "list|null|REPEATED|1",
                "element|DOUBLE|OPTIONAL|0", "ask_sizes|null|OPTIONAL|1", "list|null|REPEATED|1", "element|DOUBLE|OPTIONAL|0"),
                rows("SELECT name, type, repetition_type, coalesce(num_children, 0) FROM parquet_schema(" + lit(f) + ")"));
        Path t = dir.resolve("trades.parquet");
        ParquetBlocks.write(t, Trade.SCHEMA, List.of(new Trade().set(1, 2, Side.SELL, 3, 4, 5)), new long[] {6});
        assertEquals(List.of("side|INT32|INT_8"), rows("SELECT name, type, converted_type FROM parquet_schema(" + lit(t) + ") WHERE name = 'side'"));
        assertEquals(List.of("featurizer version 0.1.0|1|1"), rows("SELECT created_by, num_rows, num_row_groups FROM parquet_file_metadata(" + lit(t) + ")"));
        assertEquals(List.of("1|2|6|-1|3.0|4.0|5"), rows("SELECT epoch_ns(timestamp), epoch_ns(receipt_timestamp), * EXCLUDE (timestamp, receipt_timestamp) "
                + "FROM read_parquet(" + lit(t) + ")"));
        // the time columns carry the annotation DuckDB itself gives a TIMESTAMP_NS column, and no converted type
        Path duck = dir.resolve("duck-times.parquet");
        try (Statement st = sql.createStatement()) {
            st.execute("COPY (SELECT make_timestamp_ns(1) AS timestamp) TO " + lit(duck) + " (FORMAT parquet)");
        }
        List<String> duckTime = rows("SELECT type, converted_type, logical_type, duckdb_type FROM parquet_schema(" + lit(duck) + ") WHERE name = 'timestamp'");
        assertTrue(duckTime.get(0).contains("NANOS=NanoSeconds()") && duckTime.get(0).startsWith("INT64|null|"), duckTime.toString());
        assertEquals(List.of(duckTime.get(0), duckTime.get(0)), rows("SELECT type, converted_type, logical_type, duckdb_type FROM parquet_schema("
                + lit(t) + ") WHERE name IN ('timestamp', 'receipt_timestamp')"));
    }

    @Test
    void duckDbReadsEveryValueOfManyRowGroupsOfDeepBooksAndEmptyLists() throws SQLException {
        int saved = ParquetBlocks.rowGroupRows;
        ParquetBlocks.rowGroupRows = 1000;
        try {
            int n = 5_500; // 6 row groups, the last short
            List<BookUpdate> in = new ArrayList<>();
            long levels = 0, seqSum = 0;
            double bidSizeSum = 0, askPriceSum = 0;
            long[] seqs = new long[n];
            for (int i = 0; i < n; i++) {
                BookUpdate b = new BookUpdate().reset(1_000L * i, 1_000L * i + 7, i % 100 == 0).sequence(i, i + 1, i - 1);
                for (int k = 0; k < i % 41; k++) { // 0 to 40 bid levels
                    b.addBid(i + k * 0.5, k);
                    bidSizeSum += k;
                }
                for (int k = 0; k < (i * 7) % 41; k++) {
                    b.addAsk(i + 100 + k, 0.25 * k);
                    askPriceSum += i + 100 + k;
                }
                levels += i % 41 + (i * 7) % 41;
                seqs[i] = 3L * i;
                seqSum += seqs[i];
                in.add(b);
            }
            Path f = dir.resolve("deep.parquet");
            ParquetBlocks.write(f, BookUpdate.SCHEMA, in, seqs);
            String from = " FROM read_parquet(" + lit(f) + ")";
            assertEquals(List.of(n + "|" + levels + "|" + seqSum + "|" + (n / 100) + "|" + bidSizeSum + "|" + askPriceSum),
                    rows("SELECT count(*), sum(len(bid_prices) + len(ask_prices)), sum(seq), count(*) FILTER (is_snapshot), "
                            + "sum(list_sum(bid_sizes)), sum(list_sum(ask_prices))" + from));
            // message 40: 40 bids (40 + k/2, size k), 280 % 41 = 34 asks; message 41: no bids, 287 % 41 = 0 asks
            assertEquals(List.of("40|40|59.5|39.0|34|173.0|8.25|40|41|39"), rows("SELECT epoch_ns(timestamp) // 1000, len(bid_prices), bid_prices[40], "
                    + "bid_sizes[40], len(ask_prices), ask_prices[34], ask_sizes[34], first_seq, last_seq, prev_seq" + from + " WHERE epoch_ns(timestamp) = 40000"));
            assertEquals(List.of("[]|[]|[]|[]"), rows("SELECT bid_prices, bid_sizes, ask_prices, ask_sizes" + from + " WHERE epoch_ns(timestamp) = 41000"));
            assertEquals(List.of("6|ZSTD"), rows("SELECT count(DISTINCT row_group_id), string_agg(DISTINCT compression) FROM parquet_metadata(" + lit(f) + ")"));
            // timestamp statistics per row group: 1000 rows of 1000 ns steps each
            assertEquals(List.of("0|999000", "1000000|1999000", "5000000|5499000"), rows("SELECT epoch_ns(stats_min_value::TIMESTAMP_NS), epoch_ns(stats_max_value::TIMESTAMP_NS) FROM parquet_metadata("
                    + lit(f) + ") WHERE path_in_schema = 'timestamp' AND row_group_id IN (0, 1, 5) ORDER BY row_group_id"));

            List<BookUpdate> back = new ArrayList<>();
            try (EventCursor c = ParquetBlocks.read(f, BookUpdate.SCHEMA)) {
                while (c.next()) {
                    back.add((BookUpdate) c.current().copy());
                }
            }
            assertEquals(in, back);
        } finally {
            ParquetBlocks.rowGroupRows = saved;
        }
    }

    @Test
    void specialDoublesSurviveBothWays() throws SQLException {
        double[] prices = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 0.1 + 0.2};
        List<Trade> in = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            in.add(new Trade().set(i, i, i % 2 == 0 ? Side.BUY : Side.SELL, prices[i], -prices[i], Long.MIN_VALUE + i));
        }
        Path f = dir.resolve("special.parquet");
        ParquetBlocks.write(f, Trade.SCHEMA, in, new long[prices.length]);
        assertEquals(List.of("true|false|false|false", "false|true|false|false", "false|false|true|false", "false|false|true|true",
                "false|false|false|false", "false|false|false|false"), rows("SELECT isnan(price), price = 0 AND signbit(price), isinf(price), "
                + "isinf(price) AND price < 0 FROM read_parquet(" + lit(f) + ") ORDER BY timestamp"));
        assertEquals(List.of("4.9E-324|0.30000000000000004|-9223372036854775804|-9223372036854775803|1|-1"),
                rows("SELECT max(price) FILTER (t = 4), max(price) FILTER (t = 5), min(id) FILTER (t = 4), "
                        + "min(id) FILTER (t = 5), min(side) FILTER (t = 4), min(side) FILTER (t = 5) FROM (SELECT *, epoch_ns(timestamp) AS t FROM read_parquet("
                        + lit(f) + "))"));

        Schema schema = Schema.builder("hist").addArray("h").addDouble("x").build();
        FeatureEvent a = new FeatureEvent(schema).set(1, Double.NaN);
        a.setTimes(1, 1);
        System.arraycopy(prices, 0, a.arrayForWrite(0, prices.length), 0, prices.length);
        FeatureEvent b = new FeatureEvent(schema).set(1, -0.0);
        b.setTimes(2, 2);
        b.arrayForWrite(0, 0);
        Path g = dir.resolve("hist.parquet");
        ParquetBlocks.write(g, schema, List.of(a, b), new long[2]);
        assertEquals(List.of("6|1|true|true", "0|0|false|true"), rows("SELECT len(h), len(list_filter(h, v -> isnan(v))), isnan(x), x = 0 OR isnan(x) FROM read_parquet("
                + lit(g) + ") ORDER BY timestamp"));
        assertEquals(List.of("[-0.0, inf, -inf]"), rows("SELECT h[2:4]::VARCHAR FROM read_parquet(" + lit(g) + ") WHERE epoch_ns(timestamp) = 1"));
    }

    @Test
    void ourReaderReadsWhatDuckDbWrites() throws SQLException {
        // dictionary-encoded doubles (few distinct prices), OPTIONAL columns, ZSTD, several row groups
        Path f = dir.resolve("duck-trades.parquet");
        try (Statement st = sql.createStatement()) {
            st.execute("COPY (SELECT i * 10 AS timestamp, i * 10 + 1 AS receipt_timestamp, i AS seq, (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END)::TINYINT AS side, "
                    + "(100 + i % 5)::DOUBLE AS price, (i % 3)::DOUBLE * 0.5 AS amount, i * 2 AS id FROM range(250000) t(i)) TO " + lit(f)
                    + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000)");
            st.execute("COPY (SELECT i AS timestamp, i AS receipt_timestamp, i AS seq, i % 2 = 0 AS is_snapshot, i AS first_seq, i AS last_seq, i - 1 AS prev_seq, "
                    + "[i::DOUBLE, 1.5] AS bid_prices, [2.0, 3.0]::DOUBLE[] AS bid_sizes, CASE WHEN i % 3 = 0 THEN [] ELSE [7.0] END::DOUBLE[] AS ask_prices, "
                    + "CASE WHEN i % 3 = 0 THEN [] ELSE [8.0] END::DOUBLE[] AS ask_sizes FROM range(3000) t(i)) TO " + lit(dir.resolve("duck-book.parquet"))
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
        assertTrue(rows("SELECT DISTINCT encodings FROM parquet_metadata(" + lit(f) + ") WHERE path_in_schema = 'price'").get(0).contains("DICTIONARY"));
        long count = 0, ids = 0, buys = 0;
        double notional = 0;
        try (EventCursor c = ParquetBlocks.read(f, Trade.SCHEMA)) {
            while (c.next()) {
                Trade t = (Trade) c.current();
                assertEquals(count * 10, t.ts());
                assertEquals(count, c.sequence());
                count++;
                ids += t.id();
                buys += t.isBuy() ? 1 : 0;
                notional += t.price() * t.amount();
            }
        }
        double expectedNotional = 0;
        for (int i = 0; i < 250_000; i++) {
            expectedNotional += (100 + i % 5) * (i % 3 * 0.5);
        }
        assertEquals(250_000, count);
        assertEquals(2L * 249_999 * 250_000 / 2, ids);
        assertEquals(125_000, buys);
        assertEquals(expectedNotional, notional, 1e-6);

        long bids = 0, asks = 0, snapshots = 0;
        double bidPriceSum = 0;
        try (EventCursor c = ParquetBlocks.read(dir.resolve("duck-book.parquet"), BookUpdate.SCHEMA)) {
            while (c.next()) {
                BookUpdate b = (BookUpdate) c.current();
                bids += b.bidCount();
                asks += b.askCount();
                snapshots += b.isSnapshot() ? 1 : 0;
                bidPriceSum += b.bidPrice(0) + b.bidPrice(1);
            }
        }
        assertEquals(6_000, bids);
        assertEquals(2_000, asks); // i % 3 != 0 for 2000 of 3000
        assertEquals(1_500, snapshots);
        assertEquals(2999.0 * 3000 / 2 + 1.5 * 3000, bidPriceSum);
    }

    @Test
    void rangeReadSkipsRowGroupsByStatisticsAndKeepsTheInputOrder() {
        int saved = ParquetBlocks.rowGroupRows;
        ParquetBlocks.rowGroupRows = 10;
        try {
            List<Event> in = new ArrayList<>();
            for (int i = 0; i < 95; i++) {
                in.add(new Trade().set(i, i, Side.BUY, i, 1, i));
            }
            Path f = dir.resolve("r.parquet");
            ParquetBlocks.write(f, Trade.SCHEMA, in, new long[95]);
            List<Long> ids = new ArrayList<>();
            try (EventCursor c = ParquetBlocks.read(f, Trade.SCHEMA, 28, 41)) {
                while (c.next()) {
                    ids.add(((Trade) c.current()).id());
                }
            }
            List<Long> expected = new ArrayList<>();
            for (long i = 28; i <= 41; i++) {
                expected.add(i);
            }
            assertEquals(expected, ids);
        } finally {
            ParquetBlocks.rowGroupRows = saved;
        }
    }
}

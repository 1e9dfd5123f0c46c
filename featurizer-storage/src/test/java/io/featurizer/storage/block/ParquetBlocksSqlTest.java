package io.featurizer.storage.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blocks opened without Featurizer: plain DuckDB SQL on the files, as pandas/polars users would see them. */
class ParquetBlocksSqlTest extends DuckDbTestSupport {
    @Test
    void tradesAreAnOrdinaryZstdTable() throws SQLException {
        Path f = dir.resolve("trades.parquet");
        ParquetBlocks.write(f, Trade.SCHEMA, List.of(
                new Trade().set(1_000, 1_001, Side.BUY, 100.0, 2.0, 1),
                new Trade().set(2_000, 2_002, Side.SELL, 101.0, 0.5, 2),
                new Trade().set(3_000, 3_003, Side.BUY, 102.0, 1.0, 3)), new long[] {7, 8, 9});

        assertEquals(List.of("timestamp|TIMESTAMP_NS", "receipt_timestamp|TIMESTAMP_NS", "seq|BIGINT", "side|TINYINT", "price|DOUBLE",
                "amount|DOUBLE", "id|BIGINT"), rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + lit(f) + "))"));
        // by hand: notional 200 + 50.5 + 102 = 352.5; buys 2; seq sum 24; receipt - ts = 1+2+3
        assertEquals(List.of("3|352.5|2|24|6"), rows("SELECT count(*), sum(price * amount), count(*) FILTER (side = 1), sum(seq), "
                + "sum(epoch_ns(receipt_timestamp) - epoch_ns(timestamp)) FROM read_parquet(" + lit(f) + ")"));
        assertEquals(List.of("ZSTD"), rows("SELECT DISTINCT compression FROM parquet_metadata(" + lit(f) + ")"));
    }

    @Test
    void doubleAndTimestampColumnsCarryMinMaxStatistics() throws SQLException {
        Path f = dir.resolve("stats.parquet");
        // prices 100.5, -3.25, NaN, 0.0, 250.0: min -3.25, max 250.0 (NaN left out); amounts 0.0 and 2.0: min -0.0, max 2.0
        double[] prices = {100.5, -3.25, Double.NaN, 0.0, 250.0};
        List<Trade> trades = new ArrayList<>();
        for (int i = 0; i < prices.length; i++) {
            trades.add(new Trade().set(5_000 - i * 10, 6_000 + i, Side.BUY, prices[i], i % 2 == 0 ? 0.0 : 2.0, i));
        }
        ParquetBlocks.write(f, Trade.SCHEMA, trades, new long[] {1, 2, 3, 4, 5});
        // read by DuckDB's own footer parser, not ours
        assertEquals(List.of("timestamp|4960|5000", "receipt_timestamp|6000|6004"),
                rows("SELECT path_in_schema, epoch_ns(stats_min_value::TIMESTAMP_NS), epoch_ns(stats_max_value::TIMESTAMP_NS) FROM parquet_metadata("
                        + lit(f) + ") WHERE path_in_schema IN ('timestamp', 'receipt_timestamp') ORDER BY column_id"));
        assertEquals(List.of("price|-3.25|250.0", "amount|-0.0|2.0"), rows("SELECT path_in_schema, stats_min_value, stats_max_value FROM parquet_metadata("
                + lit(f) + ") WHERE path_in_schema IN ('price', 'amount') ORDER BY column_id"));
        // 100.5, -3.25 and 0.0 lie in [-5, 101]
        assertEquals(List.of("3"), rows("SELECT count(*) FROM read_parquet(" + lit(f) + ") WHERE price BETWEEN -5 AND 101"));
    }

    @Test
    void bookLevelsAreListColumnsOneRowPerMessage() throws SQLException {
        Path f = dir.resolve("book.parquet");
        ParquetBlocks.write(f, BookUpdate.SCHEMA, List.of(
                new BookUpdate().reset(10, 11, true).sequence(1, 5, -1).addBid(99, 1).addBid(98, 2).addAsk(101, 3),
                new BookUpdate().reset(20, 21, false).sequence(6, 6, 5).addAsk(101, 0),
                new BookUpdate().reset(30, 31, false)), new long[] {1, 2, 3});

        assertEquals(List.of("timestamp|TIMESTAMP_NS", "receipt_timestamp|TIMESTAMP_NS", "seq|BIGINT", "is_snapshot|BOOLEAN", "first_seq|BIGINT",
                "last_seq|BIGINT", "prev_seq|BIGINT", "bid_prices|DOUBLE[]", "bid_sizes|DOUBLE[]", "ask_prices|DOUBLE[]", "ask_sizes|DOUBLE[]"),
                rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + lit(f) + "))"));
        assertEquals(List.of("10|true|1|5|-1|[99.0, 98.0]|[1.0, 2.0]|[101.0]|[3.0]", "20|false|6|6|5|[]|[]|[101.0]|[0.0]",
                "30|false|-1|-1|-1|[]|[]|[]|[]"), rows("SELECT epoch_ns(timestamp), is_snapshot, first_seq, last_seq, prev_seq, bid_prices, bid_sizes, "
                + "ask_prices, ask_sizes FROM read_parquet(" + lit(f) + ")"));
        // by hand: levels 2 + 0 + 0 bids, 1 + 1 + 0 asks; bid size total 3
        assertEquals(List.of("4|3.0"), rows("SELECT sum(len(bid_prices) + len(ask_prices)), sum(list_sum(bid_sizes)) FROM read_parquet(" + lit(f) + ")"));
    }

    @Test
    void featureColumnsAreNamedAsTheSchemaFields() throws SQLException {
        Schema schema = Schema.builder("mid").addDouble("mid price").addLong("n").addArray("levels").build();
        FeatureEvent e = new FeatureEvent(schema).set(0, 100.5).setLong(1, 3);
        e.setTimes(1, 2);
        e.arrayForWrite(2, 2)[1] = 4.5;
        Path f = dir.resolve("features.parquet");
        ParquetBlocks.write(f, schema, List.of(e), new long[] {0});
        assertEquals(List.of("mid price|DOUBLE", "n|BIGINT", "levels|DOUBLE[]"),
                rows("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(" + lit(f) + ")) WHERE column_name NOT IN "
                        + "('timestamp', 'receipt_timestamp', 'seq')"));
        assertEquals(List.of("100.5|3|[0.0, 4.5]"), rows("SELECT \"mid price\", n, levels FROM read_parquet(" + lit(f) + ")"));
    }

    @Test
    void tableSqlPresentsManyBlocksAsOneViewAndQuotesHostilePaths() throws SQLException {
        Path a = dir.resolve("a.parquet");
        Path b = dir.resolve("it's'); DROP TABLE x; --.parquet");
        ParquetBlocks.write(a, Trade.SCHEMA, List.of(new Trade().set(1, 1, Side.BUY, 10, 1, 1)), new long[] {1});
        ParquetBlocks.write(b, Trade.SCHEMA, List.of(new Trade().set(2, 2, Side.SELL, 20, 2, 2)), new long[] {2});
        String select = ParquetBlocks.tableSql(Trade.SCHEMA, List.of(a, b));
        try (Statement st = sql.createStatement()) {
            st.execute("CREATE VIEW trades AS " + select);
        }
        // by hand: 10*1 + 20*2 = 50
        assertEquals(List.of("2|50.0|0"), rows("SELECT count(*), sum(price * amount), sum(side) FROM trades"));
    }

    @Test
    void rangeFilterSkipsRowGroupsOutsideTheRange() throws SQLException {
        int n = 300_000;
        List<Trade> in = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            in.add(new Trade().set(i, i, Side.BUY, 1, 1, i));
        }
        Path f = dir.resolve("groups.parquet");
        ParquetBlocks.write(f, Trade.SCHEMA, in, new long[n]);
        List<String> groups = rows("SELECT count(DISTINCT row_group_id) FROM parquet_metadata(" + lit(f) + ")");
        assertTrue(Integer.parseInt(groups.get(0)) > 1, "expected several row groups, got " + groups);
        List<String> stats = rows("SELECT stats_min, stats_max FROM parquet_metadata(" + lit(f) + ") WHERE path_in_schema = 'timestamp' ORDER BY row_group_id");
        assertEquals(Integer.parseInt(groups.get(0)), stats.size());
        assertEquals("1970-01-01 00:00:00", stats.get(0).split("\\|")[0]); // min/max per row group: what the range read's pushdown uses
    }
}

package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.StorageCommandsTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer compute}: record a few seconds from the simulator, compute a feature-label set into Parquet, read it with DuckDB. */
class ComputeCommandTest {
    @TempDir
    Path dir;

    static final String FEATURES = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid_price
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
              - feature_definition: spread.relative_bid_ask_spread_fd
                name: spread
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi_1m
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                  feature:
                    0: {window: 1m}
              - feature_definition: ohlcv.ohlcv_fd
                name: bar_1s
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                  feature:
                    0: {window: 1s}
            """;

    static final List<String> COLUMNS = List.of("timestamp TIMESTAMP_NS", "receipt_timestamp TIMESTAMP_NS", "mid_price-mid_price DOUBLE", "spread-spread DOUBLE",
            "tvi_1m-tvi DOUBLE", "bar_1s-open DOUBLE", "bar_1s-high DOUBLE", "bar_1s-low DOUBLE", "bar_1s-close DOUBLE", "bar_1s-volume DOUBLE",
            "bar_1s-vwap DOUBLE", "bar_1s-num_trades BIGINT");

    static List<String> describe(Statement st, Path file) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (ResultSet r = st.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
            while (r.next()) {
                cols.add(r.getString(1) + " " + r.getString(2));
            }
        }
        return cols;
    }

    static long number(Statement st, String sql) throws SQLException {
        try (ResultSet r = st.executeQuery(sql)) {
            assertTrue(r.next(), sql);
            return r.getLong(1);
        }
    }

    @Test
    void computesAFeatureLabelSetIntoParquetThatDuckDbReads() throws IOException, SQLException {
        Path labelled = dir.resolve("labelled.yaml");
        Files.writeString(labelled, "label_feature: 0\nlabel_lookahead: 500ms\nfeatures_to_store: [2]\n" + FEATURES);
        Path plain = dir.resolve("plain.yaml");
        Files.writeString(plain, FEATURES);
        String storage = dir.resolve("store").toString();
        Result rec = run("record", "--config", plain.toString(), "--storage", storage, "--duration", "3s", "--rate", "500");
        assertEquals(0, rec.code(), rec.err());

        Path set = dir.resolve("out/set.parquet");
        Result compute = run("compute", "--config", labelled.toString(), "--storage", storage, "--out", set.toString(), "--order", "sequence",
                "--parallelism", "2", "--chunk", "700ms", "--no-progress");
        assertEquals(0, compute.code(), compute.out() + compute.err());
        assertTrue(compute.out().matches("(?s)computed [1-9][0-9,]* rows x 13 columns from [1-9][0-9,]* input events in \\[.*] in [0-9.]+ s "
                + "\\([0-9,]+ input events/s, 2 threads, [0-9]+ chunks\\); stored tvi_1m -> .*set\\.parquet\\s*"), compute.out());

        Path table = dir.resolve("table.parquet");
        Result all = run("compute", "--config", plain.toString(), "--storage", storage, "--out", table.toString(), "--order", "sequence", "--no-progress");
        assertEquals(0, all.code(), all.out() + all.err());

        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            List<String> labelColumns = new ArrayList<>(COLUMNS);
            labelColumns.add("label_mid_price-mid_price DOUBLE");
            assertEquals(labelColumns, describe(st, set));
            assertEquals(COLUMNS, describe(st, table));
            String s = "read_parquet('" + set + "')", t = "read_parquet('" + table + "')";
            long rows = number(st, "SELECT count(*) FROM " + s);
            assertTrue(rows > 10, "rows: " + rows);
            // the labelled rows are the plain table's rows (the mid price's outputs) up to 500 ms before the end of the data
            assertEquals(rows, number(st, "SELECT count(*) FROM " + t + " WHERE timestamp <= (SELECT max(timestamp) FROM " + s + ")"));
            assertTrue(number(st, "SELECT count(*) FROM " + t) > rows, "the last half second has no label");
            // the label, checked by DuckDB's own as-of join: the mid price of the last plain row whose input came at or
            // before the row's input + 500 ms (a recording replayed in sequence order is positioned by receipt time). Rows
            // sharing a receipt time join as one, the last in the file (input order), so a tie cannot pick another row
            String lastPerTime = "(SELECT receipt_timestamp, last(\"mid_price-mid_price\" ORDER BY file_row_number) AS mid FROM read_parquet('" + table
                    + "', file_row_number = true) GROUP BY receipt_timestamp)";
            assertEquals(0, number(st, "SELECT count(*) FROM " + s + " a ASOF JOIN " + lastPerTime + " b ON epoch_ns(a.receipt_timestamp) + 500000000 >= "
                    + "epoch_ns(b.receipt_timestamp) WHERE a.\"label_mid_price-mid_price\" IS DISTINCT FROM b.mid"));
            // point in time: the same features in both files, row for row. As multisets, not by a join on the times: two
            // inputs of a live recording can share both times (one frame read, one millisecond), and a join pairs them crosswise
            String same = "timestamp, receipt_timestamp, \"tvi_1m-tvi\", \"bar_1s-vwap\"";
            assertEquals(0, number(st, "SELECT count(*) FROM (SELECT " + same + " FROM " + s + " EXCEPT ALL SELECT " + same + " FROM " + t + ")"));
            // a bar has trades in it
            assertEquals(0, number(st, "SELECT count(*) FROM " + s + " WHERE \"bar_1s-open\" IS NOT NULL AND \"bar_1s-num_trades\" < 1"));
        }

        // again: the stored TVI is read back instead of recomputed, and the file is the same
        Path again = dir.resolve("again.parquet");
        Result second = run("compute", "--config", labelled.toString(), "--storage", storage, "--out", again.toString(), "--order", "sequence",
                "--no-progress");
        assertEquals(0, second.code(), second.out() + second.err());
        assertTrue(second.out().contains("; reused stored tvi_1m -> "), second.out());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            assertEquals(0, number(st, "SELECT count(*) FROM ((SELECT * FROM read_parquet('" + set + "') EXCEPT ALL SELECT * FROM read_parquet('" + again
                    + "')) UNION ALL (SELECT * FROM read_parquet('" + again + "') EXCEPT ALL SELECT * FROM read_parquet('" + set + "')))"));
        }
    }

    @Test
    void userErrorsExitTwoWithOneLine() throws IOException {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, FEATURES);
        String storage = dir.resolve("empty").toString();
        String out = dir.resolve("x.parquet").toString();
        assertUserError(run("compute", "--config", cfg.toString(), "--storage", storage, "--out", out), "storage holds no data of");
        assertUserError(run("compute", "--config", cfg.toString(), "--storage", storage, "--out", out, "--order", "random"), "--order 'random'");
        assertUserError(run("compute", "--config", cfg.toString(), "--storage", storage, "--out", out, "--from", "2023-02-02", "--to", "2023-02-01"),
                "the compute range is empty");
        assertUserError(run("compute", "--config", cfg.toString(), "--storage", storage, "--out", out, "--chunk", "soon"), "--chunk");
        assertUserError(run("compute", "--config", cfg.toString(), "--storage", storage, "--out", out, "--parallelism", "0"), "--parallelism 0");
    }
}

package io.featurizer.storage.explore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.OldBlocks;
import io.featurizer.storage.catalog.BlockMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In {@code featurizer sql} every time is a TIMESTAMP_NS: the views' {@code timestamp} and {@code receipt_timestamp},
 * also over a stream whose older blocks hold them as plain BIGINT, and the {@code blocks} table's {@code start_ts}/{@code end_ts}.
 */
class StorageSqlTimesTest {
    static final long T0 = 1_675_245_600_000_000_000L; // 2023-02-01T10:00:00Z

    @TempDir
    Path dir;

    @Test
    void viewsShowTimestampNsOverOldAndNewBlocks() throws IOException, SQLException {
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        try (Storage s = Storage.open(dir.resolve("store"))) {
            s.register(trades);
            StreamId stream = StreamId.of(trades);
            BlockMetadata old = s.putBlock(stream, "1m", List.of(new Trade().set(T0 + 1, T0 + 11, Side.BUY, 100, 1, 1),
                    new Trade().set(T0 + 2, T0 + 12, Side.SELL, 101, 1, 2)), new long[] {1, 2}, T0, T0 + 59_999_999_999L);
            s.putBlock(stream, "1m", List.of(new Trade().set(T0 + 60_000_000_003L, T0 + 60_000_000_013L, Side.BUY, 102, 1, 3)), new long[] {3},
                    T0 + 60_000_000_000L, T0 + 119_999_999_999L);
            OldBlocks.untypeTimeColumns(s.fetch(old)); // as recorded before the time columns were typed (same pages, same hash)

            try (StorageSql sql = StorageSql.open(s)) {
                String view = "trades_binance_spot_btc_usdt";
                assertEquals(List.of("timestamp TIMESTAMP_NS", "receipt_timestamp TIMESTAMP_NS"),
                        column(sql, "SELECT column_name || ' ' || column_type FROM (DESCRIBE " + view + ") WHERE column_name LIKE '%timestamp'"));
                assertEquals(List.of("1 " + (T0 + 1) + " " + (T0 + 11), "2 " + (T0 + 2) + " " + (T0 + 12),
                        "3 " + (T0 + 60_000_000_003L) + " " + (T0 + 60_000_000_013L)),
                        column(sql, "SELECT id || ' ' || epoch_ns(timestamp) || ' ' || epoch_ns(receipt_timestamp) FROM " + view + " ORDER BY timestamp"));
                // the second minute, by a time literal and by the blocks table's times
                assertEquals(List.of("3"), column(sql, "SELECT id FROM " + view + " WHERE timestamp >= '2023-02-01 10:01:00'"));
                assertEquals(List.of("TIMESTAMP_NS|" + T0 + "|" + (T0 + 119_999_999_999L)), column(sql, "SELECT any_value(typeof(start_ts)) || '|' || "
                        + "epoch_ns(min(start_ts)) || '|' || epoch_ns(max(end_ts)) FROM blocks"));
                assertEquals(List.of("1", "2"), column(sql, "SELECT v.id FROM " + view + " v JOIN blocks b ON v.timestamp BETWEEN b.start_ts AND b.end_ts "
                        + "WHERE b.start_ts = '2023-02-01 10:00:00' ORDER BY v.id"));
            }
        }
    }

    private static List<String> column(StorageSql sql, String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet r = sql.query(query)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }
}

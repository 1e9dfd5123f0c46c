package io.featurizer.offline.compute;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.featurizer.offline.compute.Recordings.BOOK;
import static io.featurizer.offline.compute.Recordings.TRADES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The original's feature-label semantics on its own terms, on a tiny hand-made market whose every expected
 * row is worked out by hand below: rows at the label feature's outputs, other features joined backward as of
 * the row's time (never a later value), the label at {@code t + lookahead}, rows past the end of the data
 * dropped.
 *
 * <pre>
 * time (s)  book                                mid      trade               TVI 1m                      5 s OHLCV bar
 * 1         snapshot bid 100x1 / ask 102x1      101
 * 2                                                      buy 101 x 1         2(101-0)/101 = 2
 * 3         bid 101x1                           101.5
 * 5                                                      sell 101.5 x 2      2(101-203)/304 = -204/304   [0,5) at 5: 101/101/101/101, vol 1, vwap 101, 1 trade
 * 6         ask 102 deleted, ask 103x1          102
 * 8                                                      buy 102 x 1         2(203-203)/406 = 0
 * 9         bid 101 deleted                     101.5                                                    ([5,10) never closes: no later trade)
 * </pre>
 * Receipt times are event times + 1 ms. The last input is at 9 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureLabelSemanticsTest {
    static final long T0 = 1_675_245_600_000_000_000L; // 2023-02-01 10:00:00 UTC, a multiple of 5 s
    static final long S = 1_000_000_000L;
    static final long MS = 1_000_000L;

    static final String FEATURES = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                params: {data_source: [%1$s]}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                params: {data_source: [%1$s], feature: {0: {window: 1m}}}
              - feature_definition: ohlcv.ohlcv_fd
                name: bar
                params: {data_source: [%1$s], feature: {0: {window: 5s}}}
            """.formatted(Recordings.SYMBOL);

    Storage storage;

    @BeforeAll
    void record(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        List<Map.Entry<Feature, Event>> events = new ArrayList<>();
        events.add(Map.entry(BOOK, book(1, true).addBid(100, 1).addAsk(102, 1)));
        events.add(Map.entry(TRADES, trade(2, Side.BUY, 101, 1, 1)));
        events.add(Map.entry(BOOK, book(3, false).addBid(101, 1)));
        events.add(Map.entry(TRADES, trade(5, Side.SELL, 101.5, 2, 2)));
        events.add(Map.entry(BOOK, book(6, false).addAsk(102, 0).addAsk(103, 1)));
        events.add(Map.entry(TRADES, trade(8, Side.BUY, 102, 1, 3)));
        events.add(Map.entry(BOOK, book(9, false).addBid(101, 0)));
        Recordings.events(storage, dir.resolve("journal"), events);
    }

    @AfterAll
    void close() {
        storage.close();
    }

    static BookUpdate book(int second, boolean snapshot) {
        return new BookUpdate().reset(T0 + second * S, T0 + second * S + MS, snapshot);
    }

    static Trade trade(int second, int side, double price, double amount, long id) {
        return new Trade().set(T0 + second * S, T0 + second * S + MS, side, price, amount, id);
    }

    static FeaturizerConfig config(String labelLines) {
        return FeaturizerConfig.parse(labelLines + FEATURES, "semantics.yaml");
    }

    /** Expected row: time in s, then mid, tvi (null = none yet), bar open..num_trades (null = none yet), label (or null = no label). */
    record Expected(int second, double mid, Double tvi, double[] bar, Double label) {
    }

    static final double[] BAR_0_5 = {101, 101, 101, 101, 1, 101, 1};

    static void assertRows(List<Expected> expected, FeatureTable t) {
        assertEquals(expected.size(), t.rowCount(), "rows");
        for (int r = 0; r < expected.size(); r++) {
            Expected e = expected.get(r);
            String where = "row " + r + " " + t.row(r);
            assertEquals(T0 + e.second() * S, t.timestamp(r), where);
            assertEquals(T0 + e.second() * S + MS, t.receiptTimestamp(r), where + ": the row output's receipt time");
            assertEquals(e.mid(), t.row(r).getDouble("mid-mid_price"), 0.0, where);
            if (e.tvi() == null) {
                assertTrue(t.row(r).isNull("tvi-tvi"), where);
                assertTrue(Double.isNaN(t.row(r).getDouble("tvi-tvi")), where);
            } else {
                assertEquals(e.tvi(), t.row(r).getDouble("tvi-tvi"), 0.0, where);
            }
            String[] bar = {"open", "high", "low", "close", "volume", "vwap", "num_trades"};
            for (int f = 0; f < bar.length; f++) {
                if (e.bar() == null) {
                    assertTrue(t.row(r).isNull("bar-" + bar[f]), where);
                } else {
                    assertEquals(e.bar()[f], t.row(r).getDouble("bar-" + bar[f]), 0.0, where + " bar-" + bar[f]);
                }
            }
            if (e.label() != null) {
                assertEquals(e.label(), t.row(r).getDouble("label_mid-mid_price"), 0.0, where);
            }
        }
    }

    @Test
    void theLabelIsTheValueAtTheLastOutputAtOrBeforeTPlusLookaheadAndRowsPastTheDataAreDropped() {
        FeatureTable t = BatchCompute.compute(storage, config("label_feature: 0\nlabel_lookahead: 3s\n"), Long.MIN_VALUE, Long.MAX_VALUE, 1);
        assertEquals(List.of("timestamp", "receipt_timestamp", "mid-mid_price", "tvi-tvi", "bar-open", "bar-high", "bar-low", "bar-close",
                "bar-volume", "bar-vwap", "bar-num_trades", "label_mid-mid_price"), t.columnNames());
        // rows at the mid's outputs 1, 3, 6 (9 + 3 s is past the last input at 9 s); labels at 4 s -> mid of 3 s,
        // 6 s -> mid of 6 s (an output exactly at t + lookahead counts), 9 s -> mid of 9 s
        assertRows(List.of(
                new Expected(1, 101, null, null, 101.5),
                new Expected(3, 101.5, 2.0, null, 102.0),
                new Expected(6, 102, -204.0 / 304.0, BAR_0_5, 101.5)), t);
    }

    @Test
    void withoutALabelEveryOutputOfTheFirstFeatureIsARowAndTheOthersAreJoinedAsOfItsTime() {
        FeatureTable t = BatchCompute.compute(storage, config(""), Long.MIN_VALUE, Long.MAX_VALUE, 1);
        assertEquals(11, t.columnCount(), "no label columns: " + t.columnNames());
        // at 3 s the TVI of 2 s shows, not that of 5 s; the bar of [0, 5) is timed 5 s, so rows before 5 s have none
        assertRows(List.of(
                new Expected(1, 101, null, null, null),
                new Expected(3, 101.5, 2.0, null, null),
                new Expected(6, 102, -204.0 / 304.0, BAR_0_5, null),
                new Expected(9, 101.5, 0.0, BAR_0_5, null)), t);
    }

    @Test
    void theEndOfTheDataIsTheLastInputInTheRange() {
        // to = 7 s: the last input in range is the book at 6 s, so only rows with t + 3 s <= 6 s remain
        FeatureTable t = BatchCompute.compute(storage, config("label_feature: 0\nlabel_lookahead: 3s\n"), Long.MIN_VALUE, T0 + 7 * S, 1);
        assertRows(List.of(
                new Expected(1, 101, null, null, 101.5),
                new Expected(3, 101.5, 2.0, null, 102.0)), t);
    }

    @Test
    void aRangeStartingLaterWarmsUpJoinsOnlyOutputsInTheRangeAndChunksGiveTheSameRows() {
        // from 3 s: the TVI of 2 s lies before the range, so the 3 s row has none yet; the TVI of 5 s still counts
        // the trade of 2 s (its minute is replayed first), and the book before 3 s is the one the mid reads
        List<Expected> expected = List.of(
                new Expected(3, 101.5, null, null, 102.0),
                new Expected(6, 102, -204.0 / 304.0, BAR_0_5, 101.5));
        FeaturizerConfig c = config("label_feature: 0\nlabel_lookahead: 3s\n");
        assertRows(expected, BatchCompute.of(storage, c).run(T0 + 3 * S, Long.MAX_VALUE).table());
        for (long chunk : new long[] {700 * MS, S, 2 * S}) {
            ComputeResult r = BatchCompute.of(storage, c).parallelism(2).chunkNanos(chunk).run(T0 + 3 * S, Long.MAX_VALUE);
            assertRows(expected, r.table());
            assertTrue(r.report().chunks() > 1, "chunks: " + r.report().chunks());
        }
    }

    @Test
    void aLabelLookaheadOfZeroIsTheFeatureItself() {
        FeaturizerConfig c = config("");
        FeatureTable t = BatchCompute.of(storage, c).label(c.features().get(0), 0).run(Long.MIN_VALUE, Long.MAX_VALUE).table();
        assertRows(List.of(
                new Expected(1, 101, null, null, 101.0),
                new Expected(3, 101.5, 2.0, null, 101.5),
                new Expected(6, 102, -204.0 / 304.0, BAR_0_5, 102.0),
                new Expected(9, 101.5, 0.0, BAR_0_5, 101.5)), t);
    }

    @Test
    void aRangeWithoutStoredDataIsAClearError() {
        MissingDataException e = assertThrows(MissingDataException.class,
                () -> BatchCompute.compute(storage, config(""), T0 + 100 * S, T0 + 200 * S, 1));
        assertTrue(e.getMessage().contains("no stored data in") && e.getMessage().contains("BINANCE:spot:BTC-USDT"), e.getMessage());
    }
}

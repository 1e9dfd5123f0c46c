package io.featurizer.storage.block;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.storage.EventCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetBlocksTest {
    @TempDir
    Path dir;

    /** Reads a whole block into copies, with the sequences alongside. */
    private static List<Event> readAll(EventCursor cursor, List<Long> sequences) {
        List<Event> out = new ArrayList<>();
        try (cursor) {
            while (cursor.next()) {
                out.add(cursor.current().copy());
                sequences.add(cursor.sequence());
            }
        }
        return out;
    }

    @Test
    void tradesRoundTrip() {
        List<Trade> in = List.of(
                new Trade().set(1_000, 1_005, Side.BUY, 30_000.5, 0.25, 7),
                new Trade().set(2_000, 2_010, Side.SELL, 29_999.75, 1e-8, 8),
                new Trade().set(2_000, 2_011, Side.BUY, 0.1 + 0.2, 3.0, Long.MAX_VALUE));
        Path f = dir.resolve("t.parquet");
        ParquetBlocks.write(f, Trade.SCHEMA, in, new long[] {11, 12, 15});

        List<Long> seqs = new ArrayList<>();
        List<Event> out = readAll(ParquetBlocks.read(f, Trade.SCHEMA), seqs);
        assertEquals(List.of(11L, 12L, 15L), seqs);
        assertEquals(3, out.size());
        Trade t = (Trade) out.get(1);
        assertEquals(2_000, t.ts());
        assertEquals(2_010, t.receiptTs());
        assertEquals(Side.SELL, t.side());
        assertEquals(29_999.75, t.price());
        assertEquals(1e-8, t.amount());
        assertEquals(8, t.id());
        assertEquals(0.30000000000000004, ((Trade) out.get(2)).price()); // bit-exact, not rounded
        assertEquals(Long.MAX_VALUE, ((Trade) out.get(2)).id());
        assertEquals(List.copyOf(in), out);
    }

    @Test
    void quotesRoundTrip() {
        List<Quote> in = List.of(new Quote().set(5, 6, 100.25, 2, 100.5, 3.5), new Quote().set(7, 9, 100.0, 0.001, 101.0, 4));
        Path f = dir.resolve("q.parquet");
        ParquetBlocks.write(f, Quote.SCHEMA, in, new long[] {1, 2});
        List<Event> out = readAll(ParquetBlocks.read(f, Quote.SCHEMA), new ArrayList<>());
        Quote q = (Quote) out.get(0);
        assertEquals(5, q.ts());
        assertEquals(6, q.receiptTs());
        assertEquals(100.25, q.bidPrice());
        assertEquals(2, q.bidSize());
        assertEquals(100.5, q.askPrice());
        assertEquals(3.5, q.askSize());
        assertEquals(List.copyOf(in), out);
    }

    @Test
    void bookUpdatesRoundTripEveryLevelAndSequenceIds() {
        BookUpdate snapshot = new BookUpdate().reset(100, 101, true).sequence(10, 20, -1)
                .addBid(99.5, 1).addBid(99.0, 2).addAsk(100.5, 3).addAsk(101.0, 4).addAsk(101.5, 5);
        BookUpdate bidsOnly = new BookUpdate().reset(200, 202, false).sequence(21, 21, 20).addBid(99.5, 0.0);
        BookUpdate empty = new BookUpdate().reset(300, 303, false); // seq ids -1, no levels
        BookUpdate deep = new BookUpdate().reset(400, 404, false).sequence(22, 30, 21);
        for (int i = 0; i < 40; i++) { // more levels than the event's initial capacity
            deep.addBid(99 - i * 0.5, i + 0.125).addAsk(101 + i * 0.5, i + 0.375);
        }
        Path f = dir.resolve("b.parquet");
        ParquetBlocks.write(f, BookUpdate.SCHEMA, List.of(snapshot, bidsOnly, empty, deep), new long[] {1, 2, 3, 4});

        List<Event> out = readAll(ParquetBlocks.read(f, BookUpdate.SCHEMA), new ArrayList<>());
        BookUpdate s = (BookUpdate) out.get(0);
        assertTrue(s.isSnapshot());
        assertEquals(10, s.firstSeq());
        assertEquals(20, s.lastSeq());
        assertEquals(-1, s.prevSeq());
        assertEquals(2, s.bidCount());
        assertEquals(99.0, s.bidPrice(1));
        assertEquals(2, s.bidSize(1));
        assertEquals(3, s.askCount());
        assertEquals(101.5, s.askPrice(2));
        assertEquals(5, s.askSize(2));
        BookUpdate b = (BookUpdate) out.get(1);
        assertFalse(b.isSnapshot());
        assertEquals(1, b.bidCount());
        assertEquals(0, b.askCount());
        assertEquals(20, b.prevSeq());
        BookUpdate e = (BookUpdate) out.get(2);
        assertEquals(0, e.bidCount() + e.askCount());
        assertEquals(-1, e.firstSeq());
        BookUpdate d = (BookUpdate) out.get(3);
        assertEquals(40, d.bidCount());
        assertEquals(99 - 39 * 0.5, d.bidPrice(39));
        assertEquals(39.375, d.askSize(39));
        assertEquals(List.of(snapshot, bidsOnly, empty, deep), out);
    }

    @Test
    void featureEventsKeepNaNSignedZeroInfinitiesAndArrays() {
        Schema schema = Schema.builder("bar").addDouble("vwap").addLong("count").addArray("hist").build();
        FeatureEvent a = new FeatureEvent(schema).set(0, Double.NaN).setLong(1, Long.MIN_VALUE);
        a.setTimes(1, 2);
        double[] h = a.arrayForWrite(2, 3);
        h[0] = -0.0;
        h[1] = Double.POSITIVE_INFINITY;
        h[2] = Double.MIN_VALUE;
        FeatureEvent b = new FeatureEvent(schema).set(0, -0.0).setLong(1, 42);
        b.setTimes(3, 4);
        b.arrayForWrite(2, 0);
        Path f = dir.resolve("f.parquet");
        ParquetBlocks.write(f, schema, List.of(a, b), new long[] {0, 1});

        List<Event> out = readAll(ParquetBlocks.read(f, schema), new ArrayList<>());
        FeatureEvent ra = (FeatureEvent) out.get(0);
        assertTrue(Double.isNaN(ra.getDouble(0)));
        assertEquals(Long.MIN_VALUE, ra.getLong(1));
        assertEquals(3, ra.arrayLength(2));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(ra.getArray(2)[0]));
        assertEquals(Double.POSITIVE_INFINITY, ra.getArray(2)[1]);
        assertEquals(Double.MIN_VALUE, ra.getArray(2)[2]);
        FeatureEvent rb = (FeatureEvent) out.get(1);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(rb.getDouble(0)));
        assertEquals(42, rb.getLong(1));
        assertEquals(0, rb.arrayLength(2));
        assertEquals(List.of(a, b), out);
    }

    @Test
    void blocksStagedInSeveralChunksKeepTheInputOrderAndEveryBit() {
        int saved = ParquetBlocks.rowGroupRows;
        ParquetBlocks.rowGroupRows = 2; // 5 events: row groups of 2, 2 and a short last one of 1
        try {
            List<Trade> trades = new ArrayList<>();
            long[] seqs = {50, 40, 30, 20, 10}; // descending, so any reordering of rows or chunks shows
            for (int i = 0; i < 5; i++) {
                trades.add(new Trade().set(100 + i, 200 + i, i % 2 == 0 ? Side.BUY : Side.SELL, 10.5 + i, 0.25 * i, 1000 - i));
            }
            Path f = dir.resolve("chunks.parquet");
            ParquetBlocks.write(f, Trade.SCHEMA, trades, seqs);
            List<Long> readSeqs = new ArrayList<>();
            List<Event> out = readAll(ParquetBlocks.read(f, Trade.SCHEMA), readSeqs);
            assertEquals(List.of(50L, 40L, 30L, 20L, 10L), readSeqs);
            Trade last = (Trade) out.get(4);
            assertEquals(104, last.ts());
            assertEquals(204, last.receiptTs());
            assertEquals(Side.BUY, last.side());
            assertEquals(14.5, last.price());
            assertEquals(1.0, last.amount());
            assertEquals(996, last.id());
            assertEquals(Side.SELL, ((Trade) out.get(3)).side());

            Schema schema = Schema.builder("ratio").addDouble("r").addLong("n").build();
            double[] r = {Double.NaN, -0.0, Double.NEGATIVE_INFINITY};
            List<FeatureEvent> features = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                FeatureEvent e = new FeatureEvent(schema).set(0, r[i]).setLong(1, Long.MAX_VALUE - i);
                e.setTimes(i, i + 1);
                features.add(e);
            }
            Path g = dir.resolve("ratio.parquet");
            ParquetBlocks.write(g, schema, features, new long[] {7, 8, 9});
            List<Event> back = readAll(ParquetBlocks.read(g, schema), new ArrayList<>());
            assertTrue(Double.isNaN(back.get(0).getDouble(0)));
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(back.get(1).getDouble(0)));
            assertEquals(Double.NEGATIVE_INFINITY, back.get(2).getDouble(0));
            assertEquals(Long.MAX_VALUE - 2, back.get(2).getLong(1));
            assertEquals(1, back.get(1).ts());
            assertEquals(2, back.get(1).receiptTs());
        } finally {
            ParquetBlocks.rowGroupRows = saved;
        }
    }

    @Test
    void emptyBlockReadsAsNoEvents() {
        Path f = dir.resolve("empty.parquet");
        ParquetBlocks.write(f, Trade.SCHEMA, List.of(), new long[0]);
        try (EventCursor c = ParquetBlocks.read(f, Trade.SCHEMA)) {
            assertFalse(c.next());
        }
    }

    @Test
    void rangeReadReturnsExactlyTheEventsWithinTheClosedInterval() {
        // enough rows for several row groups, so that statistics-based skipping is exercised
        int n = 300_000;
        List<Trade> in = new ArrayList<>(n);
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            in.add(new Trade().set(10L * i, 10L * i + 1, Side.BUY, 1, 1, i));
            seqs[i] = i;
        }
        Path f = dir.resolve("r.parquet");
        ParquetBlocks.write(f, Trade.SCHEMA, in, seqs);

        List<Long> got = new ArrayList<>();
        try (EventCursor c = ParquetBlocks.read(f, Trade.SCHEMA, 1_229_990, 1_230_030)) { // 122999 .. 123003 straddles a row group edge
            while (c.next()) {
                got.add(c.current().ts());
            }
        }
        assertEquals(List.of(1_229_990L, 1_230_000L, 1_230_010L, 1_230_020L, 1_230_030L), got);
        try (EventCursor c = ParquetBlocks.read(f, Trade.SCHEMA, 5, 9)) {
            assertFalse(c.next());
        }
        try (EventCursor c = ParquetBlocks.read(f, Trade.SCHEMA, -100, 0)) {
            assertTrue(c.next());
            assertEquals(0, c.current().ts());
            assertFalse(c.next());
        }
    }

    @Test
    void bookRangeReadKeepsEachMessageWithItsOwnLevels() {
        List<BookUpdate> in = new ArrayList<>();
        for (int i = 0; i < 50; i++) { // message i has i % 4 bids and i % 3 asks, valued from i
            BookUpdate b = new BookUpdate().reset(100L * i, 100L * i + 1, i == 0).sequence(i, i, i - 1);
            for (int k = 0; k < i % 4; k++) {
                b.addBid(i * 10 + k, k + 0.5);
            }
            for (int k = 0; k < i % 3; k++) {
                b.addAsk(i * 10 + 5 + k, k + 0.25);
            }
            in.add(b);
        }
        Path f = dir.resolve("book-range.parquet");
        ParquetBlocks.write(f, BookUpdate.SCHEMA, in, new long[50]);
        List<Event> out = readAll(ParquetBlocks.read(f, BookUpdate.SCHEMA, 2_100, 2_500), new ArrayList<>());
        assertEquals(5, out.size());
        BookUpdate m23 = (BookUpdate) out.get(2); // message 23: 3 bids (230, 231, 232), 2 asks (235, 236)
        assertEquals(2_300, m23.ts());
        assertEquals(3, m23.bidCount());
        assertEquals(232, m23.bidPrice(2));
        assertEquals(2.5, m23.bidSize(2));
        assertEquals(2, m23.askCount());
        assertEquals(236, m23.askPrice(1));
        assertEquals(1.25, m23.askSize(1));
        assertEquals(in.subList(21, 26), out);
    }

    @Test
    void aBookFileWithUnpairedLevelListsIsRejectedWithThePath() throws Exception {
        Path f = dir.resolve("unpaired.parquet");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); java.sql.Statement st = c.createStatement()) {
            st.execute("COPY (SELECT 1::BIGINT AS timestamp, 1::BIGINT AS receipt_timestamp, 1::BIGINT AS seq, false AS is_snapshot, "
                    + "-1::BIGINT AS first_seq, -1::BIGINT AS last_seq, -1::BIGINT AS prev_seq, [1.0, 2.0]::DOUBLE[] AS bid_prices, [1.0]::DOUBLE[] AS bid_sizes, "
                    + "[]::DOUBLE[] AS ask_prices, []::DOUBLE[] AS ask_sizes) TO '" + f + "' (FORMAT parquet, COMPRESSION zstd)");
        }
        BlockFileException e = assertThrows(BlockFileException.class, () -> readAll(ParquetBlocks.read(f, BookUpdate.SCHEMA), new ArrayList<>()));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("2 prices but 1 sizes"), e.getMessage());
    }

    @Test
    void threadsWriteAndReadTheirOwnBlocksAtOnce() throws Exception {
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Long>> sums = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                sums.add(pool.submit(() -> {
                    List<Trade> in = new ArrayList<>();
                    for (int i = 0; i < 5_000; i++) {
                        in.add(new Trade().set(i, i, Side.BUY, id, 1, i));
                    }
                    Path f = dir.resolve("thread-" + id + ".parquet");
                    ParquetBlocks.write(f, Trade.SCHEMA, in, new long[in.size()]);
                    long sum = 0;
                    try (EventCursor a = ParquetBlocks.read(f, Trade.SCHEMA); EventCursor b = ParquetBlocks.read(f, Trade.SCHEMA)) {
                        while (a.next() && b.next()) { // two open cursors on one thread, as a merge would have
                            sum += (long) ((Trade) a.current()).price() + ((Trade) b.current()).id();
                        }
                    }
                    return sum;
                }));
            }
            for (int t = 0; t < threads; t++) {
                assertEquals(5_000L * t + 4_999L * 5_000 / 2, sums.get(t).get()); // price t per row, ids 0..4999
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingEmptyCorruptAndTruncatedFilesNameThePath() throws IOException {
        Path good = dir.resolve("good.parquet");
        List<Trade> in = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            in.add(new Trade().set(i, i, Side.SELL, i, i, i));
        }
        ParquetBlocks.write(good, Trade.SCHEMA, in, new long[1000]);
        byte[] bytes = Files.readAllBytes(good);

        Path missing = dir.resolve("missing.parquet");
        Path empty = Files.write(dir.resolve("empty-file.parquet"), new byte[0]);
        Path corrupt = Files.write(dir.resolve("corrupt.parquet"), "not a parquet file at all, just text".getBytes());
        Path truncated = Files.write(dir.resolve("truncated.parquet"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        byte[] flipped = bytes.clone();
        for (int i = 8; i < flipped.length / 2; i++) { // garble the column data, keep the footer
            flipped[i] ^= 0x5A;
        }
        Path garbled = Files.write(dir.resolve("garbled.parquet"), flipped);
        for (Path bad : List.of(missing, empty, corrupt, truncated, garbled)) {
            BlockFileException e = assertThrows(BlockFileException.class, () -> {
                try (EventCursor c = ParquetBlocks.read(bad, Trade.SCHEMA)) {
                    while (c.next()) {
                        // drain: some damage shows only when its row group is decoded
                    }
                }
            }, bad.toString());
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
            assertEquals(bad, e.file());
        }
    }

    @Test
    void aBlockOfAnotherSchemaIsRejectedWithTheColumnAndThePath() {
        Path f = dir.resolve("quotes.parquet");
        ParquetBlocks.write(f, Quote.SCHEMA, List.of(new Quote().set(1, 1, 1, 1, 1, 1)), new long[] {1});
        BlockFileException e = assertThrows(BlockFileException.class, () -> ParquetBlocks.read(f, Trade.SCHEMA));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        Schema longPrice = Schema.builder("ticker").addLong("bid_price").addDouble("bid_size").addDouble("ask_price").addDouble("ask_size").build();
        e = assertThrows(BlockFileException.class, () -> ParquetBlocks.read(f, longPrice));
        assertTrue(e.getMessage().contains("bid_price is DOUBLE, expected BIGINT"), e.getMessage());
    }

    @Test
    void writeRejectsMismatchedSequencesAndForeignEvents() {
        Path f = dir.resolve("x.parquet");
        Trade t = new Trade().set(1, 1, Side.BUY, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> ParquetBlocks.write(f, Trade.SCHEMA, List.of(t), new long[2]));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParquetBlocks.write(f, Quote.SCHEMA, List.of(t), new long[1]));
        assertTrue(e.getMessage().contains("event 0: event of schema trades"), e.getMessage());
    }
}

package io.featurizer.storage.record;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StreamId;
import io.featurizer.storage.block.ParquetBlocks;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.journal.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecorderTest {
    static final Feature BOOK = Features.l2Book("BINANCE", "spot", "BTC-USDT");
    static final Feature TRADES = Features.trades("BINANCE", "spot", "BTC-USDT");

    @TempDir
    Path dir;

    /** The synthetic market's first n book and trade events, as independent copies: the expected content. */
    static List<Event> market(int n) {
        SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(200, 50, 0));
        List<Event> out = new ArrayList<>();
        while (out.size() < n) {
            SyntheticMarket.Channel c = m.next();
            if (c != SyntheticMarket.Channel.TICKER) {
                out.add(m.event().copy());
            }
        }
        return out;
    }

    static List<Event> readAll(Storage s, Feature f) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = s.read(f, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.current().copy());
            }
        }
        return out;
    }

    static List<Event> only(List<Event> events, Class<?> type) {
        return events.stream().filter(type::isInstance).toList();
    }

    @Test
    void recordedEventsReadBackIdenticalAndInOrder() {
        List<Event> events = market(20_000);
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(1000))) {
                var book = r.callback(BOOK);
                var trades = r.callback(TRADES);
                for (Event e : events) {
                    (e instanceof BookUpdate ? book : trades).onEvent(null, e);
                }
                assertEquals(events.size(), r.accepted());
            }
            assertEquals(only(events, BookUpdate.class), readAll(s, BOOK));
            assertEquals(only(events, Trade.class), readAll(s, TRADES));
        }
    }

    @Test
    void everyBookBlockStartsWithASnapshotOfTheBookBeforeIt() {
        List<Event> books = only(market(6_000), BookUpdate.class);
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(500))) {
                var cb = r.callback(BOOK);
                books.forEach(e -> cb.onEvent(null, e));
            }
            List<BlockMetadata> blocks = s.blocks(StreamId.of(BOOK), Long.MIN_VALUE, Long.MAX_VALUE);
            assertTrue(blocks.size() > 5, "blocks: " + blocks.size());
            // reference: a book rebuilt from the original messages up to each block's first real event
            OrderBook reference = new OrderBook();
            int consumed = 0;
            long lastSeq = 0;
            for (BlockMetadata b : blocks) {
                try (EventCursor c = ParquetBlocks.read(s.fetch(b), BookUpdate.SCHEMA)) {
                    assertTrue(c.next());
                    BookUpdate first = (BookUpdate) c.current();
                    assertTrue(first.isSnapshot(), "block " + b.path() + " starts with a snapshot");
                    if (c.sequence() < 0) { // synthesized: must equal the reference book before the next message
                        assertEquals(-c.sequence(), lastSeq + 1, "snapshot sits right before the block's first event");
                        assertBookEquals(reference, first);
                    }
                    do {
                        if (c.sequence() > 0) {
                            assertEquals(lastSeq + 1, c.sequence(), "no event skipped or repeated at a block boundary");
                            lastSeq = c.sequence();
                            reference.apply((BookUpdate) books.get(consumed++));
                        }
                    } while (c.next());
                }
            }
            assertEquals(books.size(), consumed);
        }
    }

    static void assertBookEquals(OrderBook expected, BookUpdate snapshot) {
        assertEquals(expected.bids().count(), snapshot.bidCount());
        assertEquals(expected.asks().count(), snapshot.askCount());
        for (int i = 0; i < snapshot.bidCount(); i++) {
            assertEquals(expected.bids().price(i), snapshot.bidPrice(i));
            assertEquals(expected.bids().size(i), snapshot.bidSize(i));
        }
        for (int i = 0; i < snapshot.askCount(); i++) {
            assertEquals(expected.asks().price(i), snapshot.askPrice(i));
            assertEquals(expected.asks().size(i), snapshot.askSize(i));
        }
    }

    @Test
    void timeBasedBlocksTileTheirBucketsWithoutOverlap() {
        List<Event> trades = only(market(30_000), Trade.class);
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, TimeBasedCompactor.perMinute())) {
                var cb = r.callback(TRADES);
                trades.forEach(e -> cb.onEvent(null, e));
            }
            List<BlockMetadata> blocks = s.blocks(StreamId.of(TRADES), Long.MIN_VALUE, Long.MAX_VALUE);
            long minute = 60_000_000_000L;
            long expectedBlocks = Math.floorDiv(trades.get(trades.size() - 1).ts(), minute) - Math.floorDiv(trades.get(0).ts(), minute) + 1;
            assertEquals(expectedBlocks, blocks.size());
            for (int i = 0; i < blocks.size(); i++) {
                BlockMetadata b = blocks.get(i);
                assertEquals(Math.floorDiv(b.startTs(), minute), Math.floorDiv(b.endTs(), minute), "a block stays in its minute");
                assertTrue(b.path().contains("/1m/"), b.path());
                if (i > 0) {
                    assertTrue(blocks.get(i - 1).endTs() < b.startTs(), "blocks do not overlap");
                }
            }
            assertEquals(trades, readAll(s, TRADES));
        }
    }

    @Test
    void anEventStampedEarlierAcrossABucketEdgeStaysInAcceptanceOrder() {
        long minute = 60_000_000_000L, t = 1_700_000_000L * minute / 60 * 60; // some whole minute
        t = t - Math.floorMod(t, minute);
        // a delta just after the minute edge, then a resync snapshot stamped on receipt just before it, then deltas
        List<Event> books = List.of(
                new BookUpdate().reset(t - 5_000, t - 5_000, true).addBid(99, 1).addAsk(101, 1),
                new BookUpdate().reset(t + 1_000, t + 1_000, false).addBid(99.5, 2),
                new BookUpdate().reset(t - 1_000, t + 2_000, true).addBid(99, 3).addAsk(101, 3),
                new BookUpdate().reset(t + 3_000, t + 3_000, false).addAsk(100.5, 1),
                new BookUpdate().reset(t + minute + 1, t + minute + 1, false).addBid(99.75, 1));
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, TimeBasedCompactor.perMinute())) {
                var cb = r.callback(BOOK);
                books.forEach(e -> cb.onEvent(null, e));
            }
            assertEquals(books, readAll(s, BOOK), "read back in acceptance order");
            assertEquals(3, s.blocks(StreamId.of(BOOK), Long.MIN_VALUE, Long.MAX_VALUE).size(), "cut only when time moves to a later minute");
        }
    }

    @Test
    void rangeReadReturnsExactlyTheEventsInside() {
        List<Event> trades = only(market(20_000), Trade.class);
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(300))) {
                var cb = r.callback(TRADES);
                trades.forEach(e -> cb.onEvent(null, e));
            }
            long from = trades.get(1000).ts(), to = trades.get(2500).ts();
            List<Event> expected = trades.stream().filter(e -> e.ts() >= from && e.ts() <= to).toList();
            List<Event> got = new ArrayList<>();
            try (EventCursor c = s.read(TRADES, from, to)) {
                while (c.next()) {
                    got.add(c.current().copy());
                }
            }
            assertEquals(expected, got);
        }
    }

    @Test
    void featureOutputsOfAGraphAreRecordedBesideItsOtherCallbacks() {
        Feature mid = Features.feature("price.mid_price_fd", java.util.Map.of(),
                Features.feature("l2_book.l2_snapshot_fd", java.util.Map.of("depth", 5), BOOK));
        List<Event> books = only(market(3_000), BookUpdate.class);
        List<Event> seen = new ArrayList<>();
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(400))) {
                var graph = io.featurizer.core.graph.FeatureStreamGraph.builder(List.of(mid)).build();
                graph.setCallback(mid, (f, e) -> seen.add(e.copy()));
                r.recordOutputs(graph, List.of(mid));
                books.forEach(e -> graph.emit(BOOK, e));
            }
            // the expected mids, computed here from a plain book: (best bid + best ask) / 2 after each message that moves them
            OrderBook book = new OrderBook();
            List<Double> mids = new ArrayList<>();
            double last = Double.NaN;
            for (Event e : books) {
                book.apply((BookUpdate) e);
                if (book.bids().count() > 0 && book.asks().count() > 0) {
                    double m = (book.bids().price(0) + book.asks().price(0)) / 2;
                    if (m != last) {
                        mids.add(m);
                        last = m;
                    }
                }
            }
            List<Event> stored = readAll(s, mid);
            assertEquals(seen, stored, "the graph's other callback saw exactly what was stored");
            List<Double> storedMids = new ArrayList<>();
            for (Event e : stored) {
                if (storedMids.isEmpty() || storedMids.get(storedMids.size() - 1) != e.getDouble(0)) {
                    storedMids.add(e.getDouble(0));
                }
            }
            assertEquals(mids, storedMids);
            assertEquals(1, s.catalog().features().size());
        }
    }

    @Test
    void fourThreadsRecordingFourStreamsAtOnceLoseAndMixNothing() throws Exception {
        List<Feature> sources = List.of(Features.trades("BINANCE", "spot", "BTC-USDT"), Features.trades("BINANCE", "spot", "ETH-USDT"),
                Features.trades("BYBIT", "spot", "BTC-USDT"), Features.trades("OKX", "spot", "BTC-USDT"));
        int perThread = 20_000;
        try (Storage s = Storage.open(dir.resolve("store"))) {
            try (Recorder r = Recorder.open(s, dir.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(777))) {
                List<Thread> threads = new ArrayList<>();
                for (int k = 0; k < sources.size(); k++) {
                    var cb = r.callback(sources.get(k));
                    int source = k;
                    threads.add(new Thread(() -> {
                        Trade t = new Trade();
                        for (int i = 0; i < perThread; i++) {
                            cb.onEvent(null, t.set(1_000L * i, 1_000L * i + 1, 1, 100 + source, i, i));
                        }
                    }));
                }
                threads.forEach(Thread::start);
                for (Thread t : threads) {
                    t.join();
                }
            }
            for (int k = 0; k < sources.size(); k++) {
                List<Event> got = readAll(s, sources.get(k));
                assertEquals(perThread, got.size(), "source " + k);
                for (int i = 0; i < perThread; i++) {
                    Trade t = (Trade) got.get(i);
                    assertEquals(i, t.id(), "source " + k + " event " + i + " in order");
                    assertEquals(100 + k, t.price(), "source " + k + " holds only its own events");
                }
            }
        }
    }

    @Test
    void reopeningWithTheSameContentWritesNothingTwice() {
        List<Event> trades = only(market(5_000), Trade.class);
        try (Storage s = Storage.open(dir.resolve("store"))) {
            StreamId id = StreamId.of(TRADES);
            long[] seqs = new long[trades.size()];
            for (int i = 0; i < seqs.length; i++) {
                seqs[i] = i + 1;
            }
            assertTrue(s.writeBlock(id, "count-all", trades, seqs).isPresent());
            assertTrue(s.writeBlock(id, "count-all", trades, seqs).isEmpty(), "same content: no second block");
            assertEquals(1, s.blocks(id, Long.MIN_VALUE, Long.MAX_VALUE).size());
        }
    }
}

package io.featurizer.offline;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.Storage;
import io.featurizer.storage.ingest.IngestOptions;
import io.featurizer.storage.ingest.Ingestor;
import io.featurizer.storage.ingest.TardisReader;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merge order of ingested data, range bounds, the book start, pacing and the clock, shards, misuse. */
class OfflineReplayTest {
    static final long T0_MICROS = 1_598_918_400_000_000L; // 2020-09-01T00:00:00Z
    static final Feature TRADES = Features.trades("BINANCE_FUTURES", "perpetual", "BTC-USDT");
    static final Feature QUOTES = Features.ticker("BINANCE_FUTURES", "perpetual", "BTC-USDT");
    static final Feature BOOK = Features.l2Book("BINANCE", "spot", "BTC-USDT");

    @TempDir
    Path dir;

    static long ns(long microsAfterT0) {
        return (T0_MICROS + microsAfterT0) * 1000;
    }

    /**
     * Two Tardis files, times in us after T0 (exchange / receipt):
     * trades T1 1000/1100, T2 1150/1300, T3 1200/1300, T4 1500/1600; quotes Q1 1050/1100, Q2 1200/1300, Q3 1400/1450.
     */
    Storage ingestTradesAndQuotes() throws IOException {
        Path trades = dir.resolve("binance-futures_trades_2020-09-01_BTCUSDT.csv");
        StringBuilder t = new StringBuilder("exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n");
        long[][] tradeTimes = {{1000, 1100}, {1150, 1300}, {1200, 1300}, {1500, 1600}};
        for (int i = 0; i < tradeTimes.length; i++) {
            t.append("binance-futures,BTCUSDT,").append(T0_MICROS + tradeTimes[i][0]).append(',').append(T0_MICROS + tradeTimes[i][1])
                    .append(',').append(i + 1).append(",buy,11650.5,0.25\n");
        }
        Files.writeString(trades, t);
        Path quotes = dir.resolve("binance-futures_quotes_2020-09-01_BTCUSDT.csv");
        StringBuilder q = new StringBuilder("exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount\n");
        long[][] quoteTimes = {{1050, 1100}, {1200, 1300}, {1400, 1450}};
        for (int i = 0; i < quoteTimes.length; i++) {
            q.append("binance-futures,BTCUSDT,").append(T0_MICROS + quoteTimes[i][0]).append(',').append(T0_MICROS + quoteTimes[i][1])
                    .append(",1.5,").append(201 + i).append(',').append(101 + i).append(",2.5\n");
        }
        Files.writeString(quotes, q);
        Storage s = Storage.open(dir.resolve("store"));
        try (Ingestor ingestor = new Ingestor(s, new CountBasedCompactor(2))) {
            for (Path f : List.of(trades, quotes)) {
                try (TardisReader r = TardisReader.open(f, IngestOptions.defaults())) {
                    ingestor.ingest(r);
                }
            }
        }
        return s;
    }

    /** T{id} for a trade, Q{n} for the quote with bid 100 + n. */
    static String label(Event e) {
        return e instanceof Trade tr ? "T" + tr.id() : "Q" + Math.round(((Quote) e).bidPrice() - 100);
    }

    static List<String> replay(Storage s, MergeOrder order, long from, long to, Feature... sources) {
        List<String> seen = new ArrayList<>();
        OfflineEventEmitter emitter = new OfflineEventEmitter(s, from, to).order(order);
        for (Feature f : sources) {
            emitter.registerCallback(f, (source, e) -> {
                assertEquals(f, source);
                seen.add(label(e));
            });
        }
        emitter.runToEnd();
        assertTrue(emitter.reachedEnd());
        return seen;
    }

    @Test
    void ingestedSourcesMergeByTimeThenRankThenFileOrder() throws IOException {
        try (Storage s = ingestTradesAndQuotes()) {
            long all = Long.MIN_VALUE, end = Long.MAX_VALUE;
            assertEquals(List.of("T1", "Q1", "T2", "T3", "Q2", "Q3", "T4"), replay(s, MergeOrder.RECEIPT_TIME, all, end, TRADES, QUOTES));
            assertEquals(List.of("Q1", "T1", "Q2", "T2", "T3", "Q3", "T4"), replay(s, MergeOrder.RECEIPT_TIME, all, end, QUOTES, TRADES));
            assertEquals(List.of("T1", "Q1", "T2", "T3", "Q2", "Q3", "T4"), replay(s, MergeOrder.EXCHANGE_TIME, all, end, TRADES, QUOTES));
            assertEquals(List.of("T1", "Q1", "T2", "Q2", "T3", "Q3", "T4"), replay(s, MergeOrder.EXCHANGE_TIME, all, end, QUOTES, TRADES));
        }
    }

    @Test
    void theRangeIsInclusiveOnExchangeTimeAtBothEnds() throws IOException {
        try (Storage s = ingestTradesAndQuotes()) {
            assertEquals(List.of("T2", "T3", "Q2", "Q3"), replay(s, MergeOrder.EXCHANGE_TIME, ns(1150), ns(1400), TRADES, QUOTES));
            assertEquals(List.of("T3", "Q2"), replay(s, MergeOrder.EXCHANGE_TIME, ns(1151), ns(1399), TRADES, QUOTES));
            assertEquals(List.of("T4"), replay(s, MergeOrder.RECEIPT_TIME, ns(1401), ns(1500), TRADES, QUOTES));
            assertEquals(List.of(), replay(s, MergeOrder.RECEIPT_TIME, ns(1501), ns(9999), TRADES, QUOTES));
            assertEquals(List.of("T1"), replay(s, MergeOrder.RECEIPT_TIME, ns(0), ns(1000), TRADES, QUOTES));
        }
    }

    /** s1 at 1000: bids 100x1 99x1, ask 101x1; d2 at 2000: bid 100x2; d3 at 3000: ask 102x5; d4 at 4000: bid 99 deleted; d5 at 5000: ask 101x3. */
    static List<BookUpdate> handMadeBook() {
        return List.of(
                new BookUpdate().reset(1000, 1010, true).addBid(100, 1).addBid(99, 1).addAsk(101, 1),
                new BookUpdate().reset(2000, 2010, false).addBid(100, 2),
                new BookUpdate().reset(3000, 3010, false).addAsk(102, 5),
                new BookUpdate().reset(4000, 4010, false).addBid(99, 0),
                new BookUpdate().reset(5000, 5010, false).addAsk(101, 3));
    }

    Storage recordBook(int eventsPerBlock) {
        Storage s = Storage.open(dir.resolve("book-" + eventsPerBlock));
        try (Recorder r = Recorder.open(s, dir.resolve("journal-" + eventsPerBlock), FsyncPolicy.NEVER, new CountBasedCompactor(eventsPerBlock))) {
            DataSourceCallback cb = r.callback(BOOK);
            handMadeBook().forEach(e -> cb.onEvent(BOOK, e));
        }
        return s;
    }

    static List<Event> replayBook(Storage s, long from, long to) {
        List<Event> seen = new ArrayList<>();
        OfflineEventEmitter emitter = new OfflineEventEmitter(s, from, to).order(MergeOrder.INGESTION_SEQUENCE);
        emitter.registerCallback(BOOK, (source, e) -> seen.add(e.copy()));
        emitter.runToEnd();
        return seen;
    }

    @Test
    void aBookStartingMidHistoryStartsWithTheBookAsItStoodThere() {
        List<BookUpdate> book = handMadeBook();
        // the book before d3: bids 100x2 99x1, ask 101x1, timed like d3
        BookUpdate before3 = new BookUpdate().reset(3000, 3010, true).addBid(100, 2).addBid(99, 1).addAsk(101, 1);
        // the book before d5: bid 100x2, asks 101x1 102x5
        BookUpdate before5 = new BookUpdate().reset(5000, 5010, true).addBid(100, 2).addAsk(101, 1).addAsk(102, 5);
        for (int perBlock : new int[] {100, 2}) { // one block (the start is folded), or d3's block starting with a stored snapshot
            try (Storage s = recordBook(perBlock)) {
                String where = perBlock + " events per block";
                assertEquals(List.of(before3, book.get(2), book.get(3)), replayBook(s, 2500, 4000), where);
                assertEquals(List.of(before3, book.get(2), book.get(3)), replayBook(s, 3000, 4000), where);
                assertEquals(List.of(before5, book.get(4)), replayBook(s, 4001, Long.MAX_VALUE), where);
                assertEquals(List.copyOf(book.subList(0, 4)), replayBook(s, 0, 4999), where + ": from before the stream, nothing synthesized");
                assertEquals(List.copyOf(book), replayBook(s, Long.MIN_VALUE, Long.MAX_VALUE), where + ": block-start snapshots skipped");
                assertEquals(List.of(), replayBook(s, 5001, Long.MAX_VALUE), where);
            }
        }
    }

    /** 201 trades 100 ms apart (20 s of market time), received 1 ms after. */
    Storage recordTrades() {
        Storage s = Storage.open(dir.resolve("trades"));
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        try (Recorder r = Recorder.open(s, dir.resolve("journal-trades"), FsyncPolicy.NEVER, new CountBasedCompactor(50))) {
            DataSourceCallback cb = r.callback(trades);
            for (int i = 0; i <= 200; i++) {
                long ts = ns(0) + i * 100_000_000L;
                cb.onEvent(trades, new Trade().set(ts, ts + 1_000_000, i % 2 == 0 ? Side.BUY : Side.SELL, 100 + i % 7, 1 + i % 3, i + 1));
            }
        }
        return s;
    }

    @Test
    void pacedReplayFollowsEventTimeTimesTheSpeedAndTheClockShowsIt() throws InterruptedException {
        try (Storage s = recordTrades()) {
            Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
            OfflineEventEmitter emitter = new OfflineEventEmitter(s, Long.MIN_VALUE, Long.MAX_VALUE).paced(100);
            List<long[]> clockAndReceipt = new ArrayList<>();
            emitter.registerCallback(trades, (source, e) -> clockAndReceipt.add(new long[] {emitter.clock(), e.receiptTs()}));
            assertEquals(OfflineEventEmitter.NO_TIME, emitter.clock());
            long t0 = System.nanoTime();
            emitter.start();
            emitter.awaitCompletion();
            long elapsed = System.nanoTime() - t0;
            // 20 s of market time at 100x is 200 ms; only a loose lower bound (a busy machine may take longer)
            assertTrue(elapsed >= 100_000_000L, "paced replay took " + elapsed / 1e6 + " ms");
            assertEquals(201, clockAndReceipt.size());
            for (int i = 0; i < clockAndReceipt.size(); i++) {
                long receipt = ns(0) + i * 100_000_000L + 1_000_000;
                assertEquals(receipt, clockAndReceipt.get(i)[0], "clock at event " + i);
                assertEquals(receipt, clockAndReceipt.get(i)[1]);
            }
            assertEquals(ns(0) + 200 * 100_000_000L + 1_000_000, emitter.clock());
        }
    }

    @Test
    void stopEndsAPacedReplayEarly() throws InterruptedException {
        try (Storage s = recordTrades()) {
            Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
            OfflineEventEmitter emitter = new OfflineEventEmitter(s, Long.MIN_VALUE, Long.MAX_VALUE).paced(1); // 20 s in real time
            List<Event> seen = new ArrayList<>();
            emitter.registerCallback(trades, (source, e) -> {
                synchronized (seen) {
                    seen.add(e.copy());
                }
            });
            emitter.start();
            while (emitter.eventsDelivered() < 2) {
                Thread.sleep(5);
            }
            emitter.stop();
            assertTrue(emitter.awaitCompletion(10, TimeUnit.SECONDS));
            assertFalse(emitter.reachedEnd());
            int n;
            synchronized (seen) {
                n = seen.size();
            }
            assertTrue(n >= 2 && n < 201, "delivered " + n);
            assertEquals(n, emitter.eventsDelivered());
            assertThrows(IllegalStateException.class, () -> emitter.registerCallback(trades, (source, e) -> { }));
        }
    }

    @Test
    void aFedEventTimeGraphIsFlushedAtTheEndOfTheData() {
        FeaturizerConfig config = FeaturizerConfig.parse("""
                ordering: {time: exchange, allowed_lateness: 5s}
                feature_configs:
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi_10s
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {window: 10s}}
                """, "event-time.yaml");
        try (Storage s = recordTrades()) {
            List<GroupedNamedDataEvent> vectors = new ArrayList<>();
            FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(g -> vectors.add(g.copy())).build();
            OfflineEventEmitter emitter = new OfflineEventEmitter(s, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.EXCHANGE_TIME);
            emitter.feed(graph);
            emitter.runToEnd();
            assertEquals(201, graph.inputCount(0), "every input processed, including those the 5 s lateness held back");
            assertEquals(0, graph.bufferedEvents());
            assertEquals(201, vectors.size());
            assertEquals(ns(0) + 200 * 100_000_000L, vectors.get(200).ts());
        }
    }

    @Test
    void splitShardsAreConsecutiveAndTogetherReplayEveryInputOnce() {
        FeaturizerConfig config = FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi_1s
                    params:
                      data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]
                      feature: {0: {window: 1s}}
                """, "split.yaml");
        try (Storage s = recordTrades()) {
            OfflineFeatureStreamGenerator whole = new OfflineFeatureStreamGenerator(s, config, Long.MIN_VALUE, Long.MAX_VALUE);
            List<OfflineFeatureStreamGenerator> shards = whole.split(3);
            assertEquals(3, shards.size());
            // 20 s from the first to the last trade, cut in 3
            long first = ns(0), last = ns(0) + 200 * 100_000_000L, span = last - first + 1;
            assertEquals(first, shards.get(0).start());
            assertEquals(first + span / 3 - 1, shards.get(0).end());
            assertEquals(first + span / 3, shards.get(1).start());
            assertEquals(shards.get(1).end() + 1, shards.get(2).start());
            assertEquals(last, shards.get(2).end());
            long inputs = 0;
            long previousTs = Long.MIN_VALUE;
            for (OfflineFeatureStreamGenerator shard : shards) {
                try (shard) {
                    while (shard.hasNext()) {
                        GroupedNamedDataEvent v = shard.next();
                        assertTrue(v.ts() >= shard.start() && v.ts() <= shard.end(), "vector at " + v.ts() + " outside its shard");
                        assertTrue(v.ts() > previousTs);
                        previousTs = v.ts();
                    }
                    inputs += shard.inputEvents();
                }
            }
            assertEquals(201, inputs);
            assertThrows(IllegalArgumentException.class, () -> whole.split(0));
        }
    }

    @Test
    void misuseIsRefusedWithAClearMessage() {
        try (Storage s = Storage.open(dir.resolve("empty"))) {
            IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> new OfflineEventEmitter(s, 10, 9));
            assertTrue(range.getMessage().contains("from 10 > to 9"), range.getMessage());
            OfflineEventEmitter emitter = new OfflineEventEmitter(s, 0, 10);
            assertThrows(IllegalStateException.class, emitter::awaitCompletion, "not started: waiting would never end");
            Feature notASource = LiveRun.CONFIG.feature("mid_price");
            assertThrows(IllegalArgumentException.class, () -> emitter.registerCallback(notASource, (f, e) -> { }));
            IllegalArgumentException speed = assertThrows(IllegalArgumentException.class, () -> emitter.paced(0));
            assertTrue(speed.getMessage().contains("speed"), speed.getMessage());
            // nothing stored: the replay ends at once, and the generator says which sources have no data
            emitter.registerCallback(BOOK, (f, e) -> { });
            emitter.runToEnd();
            assertTrue(emitter.reachedEnd());
            assertEquals(0, emitter.eventsDelivered());
            try (OfflineFeatureStreamGenerator g = new OfflineFeatureStreamGenerator(s, LiveRun.CONFIG, 0, 10)) {
                assertEquals(2, g.sourcesWithoutData().size());
                assertFalse(g.hasNext());
            }
        }
    }
}

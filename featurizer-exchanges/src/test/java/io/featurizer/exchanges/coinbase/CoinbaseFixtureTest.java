package io.featurizer.exchanges.coinbase;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.featurizer.exchanges.coinbase.RecordingSink.fixture;
import static io.featurizer.exchanges.coinbase.RecordingSink.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every Coinbase fixture, with expected values read off the fixture texts by hand. */
class CoinbaseFixtureTest {
    static final Subscription BOOK = new Subscription("BTC-USD", Channel.L2_BOOK);
    static final Subscription TRADES = new Subscription("BTC-USD", Channel.TRADES);
    static final Subscription TICKER = new Subscription("BTC-USD", Channel.TICKER);
    static final List<Subscription> ALL = List.of(BOOK, TRADES, TICKER);

    // 2026-04-07 is day 20550 since 1970-01-01 (56 years with 14 leap days = 20454 to 2026-01-01,
    // + 31 + 28 + 31 + 6), so 2026-04-07T00:00:00Z = 20550 * 86400 s = 1_775_520_000 s; 14:30:00 adds 52_200 s.
    static final long T_1430 = 1_775_572_200L * 1_000_000_000L;
    static final long RECEIPT = 42L;

    final CoinbaseDecoder decoder = new CoinbaseDecoder(ALL);
    final RecordingSink sink = new RecordingSink();

    void decode(String fixture) throws Exception {
        byte[] b = fixture(fixture);
        decoder.decode(b, 0, b.length, RECEIPT, sink);
    }

    @Test
    void l2Snapshot() throws Exception {
        decode("ws_l2_data_snapshot.json");
        assertEquals(1, sink.events.size());
        assertEquals(BOOK, sink.events.get(0).subscription());
        BookUpdate u = sink.book(0);
        assertTrue(u.isSnapshot());
        assertEquals(T_1430 + 123_456_000L, u.ts()); // "timestamp": "2026-04-07T14:30:00.123456Z"
        assertEquals(RECEIPT, u.receiptTs());
        assertEquals(0, u.firstSeq());
        assertEquals(0, u.lastSeq());
        assertEquals(-1, u.prevSeq()); // the product's first book message on the connection
        assertEquals(3, u.bidCount());
        assertEquals(68900.00, u.bidPrice(0));
        assertEquals(1.5, u.bidSize(0));
        assertEquals(68899.50, u.bidPrice(1));
        assertEquals(0.75, u.bidSize(1));
        assertEquals(68899.00, u.bidPrice(2));
        assertEquals(2.3, u.bidSize(2));
        assertEquals(3, u.askCount());
        assertEquals(68901.00, u.askPrice(0));
        assertEquals(0.5, u.askSize(0));
        assertEquals(68901.50, u.askPrice(1));
        assertEquals(1.2, u.askSize(1));
        assertEquals(68902.00, u.askPrice(2));
        assertEquals(0.8, u.askSize(2));
    }

    @Test
    void l2UpdateAlone() throws Exception {
        decode("ws_l2_data_update.json");
        assertEquals(1, sink.events.size());
        BookUpdate u = sink.book(0);
        assertEquals(false, u.isSnapshot());
        assertEquals(T_1430 + 1_456_789_000L, u.ts()); // event_time 14:30:01.456789Z
        assertEquals(1, u.firstSeq());
        assertEquals(1, u.lastSeq());
        assertEquals(-1, u.prevSeq()); // no earlier book message of BTC-USD on this connection
        assertEquals(1, u.bidCount());
        assertEquals(68900.00, u.bidPrice(0));
        assertEquals(2.0, u.bidSize(0));
        assertEquals(1, u.askCount());
        assertEquals(68901.00, u.askPrice(0));
        assertEquals(0.0, u.askSize(0));
        // a delta with no snapshot yet waits
        assertEquals(BookSync.Verdict.BUFFER, new CoinbaseBookSync().check(u));
    }

    @Test
    void snapshotThenUpdateBuildTheBook() throws Exception {
        decode("ws_l2_data_snapshot.json");
        decode("ws_l2_data_update.json"); // sequence_num 0 then 1: contiguous
        BookUpdate update = sink.book(1);
        assertEquals(0, update.prevSeq());
        CoinbaseBookSync sync = new CoinbaseBookSync();
        OrderBook book = new OrderBook();
        sync.onSnapshot(sink.book(0));
        book.apply(sink.book(0));
        assertEquals(BookSync.Verdict.APPLY, sync.check(update));
        book.apply(update);
        assertEquals(68900.00, book.bids().price(0));
        assertEquals(2.0, book.bids().size(0));
        assertEquals(3, book.bids().count());
        assertEquals(2, book.asks().count()); // 68901.00 deleted
        assertEquals(68901.50, book.asks().price(0));
        assertEquals(1.2, book.asks().size(0));
    }

    @Test
    void marketTradesMapMakerSideToTakerSide() throws Exception {
        decode("ws_market_trades.json");
        assertEquals(2, sink.events.size());
        assertEquals(TRADES, sink.events.get(0).subscription());
        Trade t = sink.trade(0);
        assertEquals(995098700L, t.id());
        assertEquals(68900.50, t.price());
        assertEquals(0.0015, t.amount());
        assertEquals(Side.SELL, t.side()); // "side": "BUY" is the maker: a resting bid was hit by a seller
        assertEquals(T_1430 + 2_789_012_000L, t.ts()); // 14:30:02.789012Z
        assertEquals(RECEIPT, t.receiptTs());
        Trade t2 = sink.trade(1);
        assertEquals(995098701L, t2.id());
        assertEquals(68900.00, t2.price());
        assertEquals(0.05, t2.amount());
        assertEquals(Side.BUY, t2.side()); // maker SELL -> taker BUY
        assertEquals(T_1430 + 2_800_000_000L, t2.ts());
    }

    @Test
    void ticker() throws Exception {
        decode("ws_ticker.json");
        assertEquals(1, sink.events.size());
        assertEquals(TICKER, sink.events.get(0).subscription());
        Quote q = sink.quote(0);
        assertEquals(68900.00, q.bidPrice());
        assertEquals(1.5, q.bidSize());
        assertEquals(68901.00, q.askPrice());
        assertEquals(0.5, q.askSize());
        assertEquals(T_1430 + 3_000_000_000L, q.ts());
    }

    @Test
    void tickerWithoutQuantitiesHasNaNSizes() throws Exception {
        byte[] b = utf8("{\"channel\":\"ticker\",\"timestamp\":\"2026-04-07T14:30:03Z\",\"sequence_num\":3,\"events\":[{\"type\":\"update\","
                + "\"tickers\":[{\"type\":\"ticker\",\"product_id\":\"BTC-USD\",\"price\":\"1\",\"best_bid\":\"10.5\",\"best_ask\":\"11\"}]}]}");
        decoder.decode(b, 0, b.length, RECEIPT, sink);
        Quote q = sink.quote(0);
        assertEquals(10.5, q.bidPrice());
        assertEquals(11.0, q.askPrice());
        assertTrue(Double.isNaN(q.bidSize()));
        assertTrue(Double.isNaN(q.askSize()));
    }

    @Test
    void heartbeatsAndSubscriptionsAreHeartbeats() throws Exception {
        decode("ws_subscriptions.json");
        assertEquals(1, sink.heartbeats);
        CoinbaseDecoder other = new CoinbaseDecoder(ALL);
        byte[] b = fixture("ws_heartbeats.json");
        other.decode(b, 0, b.length, RECEIPT, sink);
        assertEquals(2, sink.heartbeats);
        assertEquals(0, sink.events.size());
        assertEquals(0, sink.errors.size());
    }

    @Test
    void errorMessage() throws Exception {
        byte[] b = utf8("{\"type\":\"error\",\"message\":\"failure to subscribe: \\\"level3\\\" caf\\u00e9\"}");
        decoder.decode(b, 0, b.length, RECEIPT, sink);
        assertEquals(List.of("failure to subscribe: \"level3\" café"), sink.errors);
        assertEquals(0, sink.events.size());
    }

    @Test
    void restProductBook() throws Exception {
        BookUpdate u = new BookUpdate();
        new CoinbaseProtocol().decodeRestSnapshot(fixture("http_product_book.json"), "BTC-USD", RECEIPT, u);
        assertTrue(u.isSnapshot());
        // "time":"2026-04-07T00:28:59.662782Z": 1_775_520_000 s + 28 * 60 + 59 s
        assertEquals(1_775_521_739_662_782_000L, u.ts());
        assertEquals(-1, u.lastSeq());
        assertEquals(5, u.bidCount());
        assertEquals(68923.66, u.bidPrice(0));
        assertEquals(0.17189468, u.bidSize(0));
        assertEquals(68921.72, u.bidPrice(3));
        assertEquals(0.000016, u.bidSize(3));
        assertEquals(68921.61, u.bidPrice(4));
        assertEquals(5, u.askCount());
        assertEquals(68923.67, u.askPrice(0));
        assertEquals(0.16987193, u.askSize(0));
        assertEquals(68928, u.askPrice(4));
        assertEquals(0.058, u.askSize(4));
    }

    @Test
    void eventsOfOtherProductsAreDroppedAndCounted() throws Exception {
        CoinbaseDecoder eth = new CoinbaseDecoder(List.of(new Subscription("ETH-USD", Channel.L2_BOOK)));
        byte[] b = fixture("ws_l2_data_snapshot.json");
        eth.decode(b, 0, b.length, RECEIPT, sink);
        assertEquals(0, sink.events.size());
        assertEquals(1, eth.ignoredEvents());
    }

    @Test
    void fieldOrderDoesNotMatter() throws Exception {
        // events before channel, updates before type: read after the fields they depend on
        byte[] b = utf8("{\"events\":[{\"updates\":[{\"new_quantity\":\"2\",\"price_level\":\"100.5\",\"side\":\"offer\","
                + "\"event_time\":\"2026-04-07T14:30:00.5Z\"}],\"product_id\":\"BTC-USD\",\"type\":\"update\"}],"
                + "\"sequence_num\":7,\"timestamp\":\"2026-04-07T14:30:01Z\",\"channel\":\"l2_data\"}");
        decoder.decode(b, 0, b.length, RECEIPT, sink);
        BookUpdate u = sink.book(0);
        assertEquals(false, u.isSnapshot());
        assertEquals(7, u.lastSeq());
        assertEquals(1, u.askCount());
        assertEquals(100.5, u.askPrice(0));
        assertEquals(2.0, u.askSize(0));
        assertEquals(T_1430 + 500_000_000L, u.ts());
    }

    @Test
    void marketTradesBacklogIsNotForwarded() throws Exception {
        byte[] b = utf8("{\"channel\":\"market_trades\",\"timestamp\":\"2026-04-07T14:30:03Z\",\"sequence_num\":2,\"events\":[{\"type\":\"snapshot\","
                + "\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"BTC-USD\",\"price\":\"5\",\"size\":\"1\",\"side\":\"BUY\","
                + "\"time\":\"2026-04-07T14:29:00Z\"}]}]}");
        decoder.decode(b, 0, b.length, RECEIPT, sink);
        assertEquals(0, sink.events.size());
        assertEquals(1, decoder.ignoredEvents());
    }
}

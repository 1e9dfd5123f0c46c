package io.featurizer.exchanges.bybit;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.featurizer.exchanges.bybit.RecordingSink.decode;
import static io.featurizer.exchanges.bybit.RecordingSink.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every recorded Bybit message in fixtures/bybit, with the values read off the fixture text by hand. */
class BybitFixturesTest {
    private static final long RECEIPT = 1_709_891_679_777_000_123L;
    private static final Subscription BOOK = new Subscription("BTC-USDT", Channel.L2_BOOK);
    private static final Subscription TRADES = new Subscription("BTC-USDT", Channel.TRADES);
    private static final Subscription TICKER = new Subscription("BTC-USDT", Channel.TICKER);

    /** The fixtures' book topic is orderbook.1.BTCUSDT: a depth-1 linear book. */
    private final BybitProtocol depth1 = new BybitProtocol(BybitCategory.LINEAR, 1);
    private final RecordingSink sink = new RecordingSink();

    @Test
    void orderbookSnapshot() throws Exception {
        BybitDecoder decoder = (BybitDecoder) depth1.newDecoder(List.of(BOOK));
        decode(decoder, fixture("ws_orderbook_snapshot.json"), RECEIPT, sink);
        BookUpdate b = assertInstanceOf(BookUpdate.class, sink.only());
        assertSame(BOOK, sink.events.get(0).subscription());
        assertTrue(b.isSnapshot());
        assertEquals(1_709_891_679_000L * 1_000_000L, b.ts());
        assertEquals(RECEIPT, b.receiptTs());
        assertEquals(123_456_789L, b.firstSeq());
        assertEquals(123_456_789L, b.lastSeq());
        assertEquals(-1, b.prevSeq());
        assertEquals(2, b.bidCount());
        assertEquals(27450.00, b.bidPrice(0));
        assertEquals(0.5, b.bidSize(0));
        assertEquals(27449.5, b.bidPrice(1));
        assertEquals(1.0, b.bidSize(1));
        assertEquals(2, b.askCount());
        assertEquals(27451.0, b.askPrice(0));
        assertEquals(0.75, b.askSize(0));
        assertEquals(27451.5, b.askPrice(1));
        assertEquals(0.9, b.askSize(1));
        assertEquals(987_654_321L, decoder.lastCrossSequence());
    }

    @Test
    void orderbookDelta() throws Exception {
        BybitDecoder decoder = (BybitDecoder) depth1.newDecoder(List.of(BOOK));
        decode(decoder, fixture("ws_orderbook_delta.json"), RECEIPT, sink);
        BookUpdate b = assertInstanceOf(BookUpdate.class, sink.only());
        assertTrue(!b.isSnapshot());
        assertEquals(1_709_891_679_500L * 1_000_000L, b.ts());
        assertEquals(123_456_790L, b.firstSeq());
        assertEquals(123_456_790L, b.lastSeq());
        assertEquals(-1, b.prevSeq());
        assertEquals(1, b.bidCount());
        assertEquals(27450.00, b.bidPrice(0));
        assertEquals(0.4, b.bidSize(0));
        assertEquals(1, b.askCount());
        assertEquals(27451.00, b.askPrice(0));
        assertEquals(0.0, b.askSize(0));
        assertEquals(987_654_322L, decoder.lastCrossSequence());
    }

    @Test
    void snapshotThenDeltaBuildsTheBook() throws Exception {
        FrameDecoder decoder = depth1.newDecoder(List.of(BOOK));
        decode(decoder, fixture("ws_orderbook_snapshot.json"), RECEIPT, sink);
        decode(decoder, fixture("ws_orderbook_delta.json"), RECEIPT, sink);
        BookSync sync = depth1.newBookSync();
        OrderBook book = new OrderBook();
        BookUpdate snapshot = (BookUpdate) sink.events.get(0).event();
        BookUpdate delta = (BookUpdate) sink.events.get(1).event();
        sync.onSnapshot(snapshot);
        book.apply(snapshot);
        assertEquals(BookSync.Verdict.APPLY, sync.check(delta));
        book.apply(delta);
        // bid 27450.00 resized to 0.400; ask 27451.00 deleted, 27451.50 x 0.900 is the best ask now
        assertEquals(27450.0, book.bids().price(0));
        assertEquals(0.4, book.bids().size(0));
        assertEquals(27449.5, book.bids().price(1));
        assertEquals(2, book.bids().count());
        assertEquals(27451.5, book.asks().price(0));
        assertEquals(0.9, book.asks().size(0));
        assertEquals(1, book.asks().count());
    }

    @Test
    void orderbookOneGivesSpotQuotes() throws Exception {
        FrameDecoder decoder = BybitProtocol.spot().newDecoder(List.of(TICKER));
        decode(decoder, fixture("ws_orderbook_snapshot.json"), RECEIPT, sink);
        Quote q = assertInstanceOf(Quote.class, sink.only());
        assertSame(TICKER, sink.events.get(0).subscription());
        assertEquals(1_709_891_679_000L * 1_000_000L, q.ts());
        assertEquals(27450.00, q.bidPrice());
        assertEquals(0.5, q.bidSize());
        assertEquals(27451.00, q.askPrice());
        assertEquals(0.75, q.askSize());
        // the delta resizes the bid and deletes the only ask: no quote until an ask arrives
        sink.clear();
        decode(decoder, fixture("ws_orderbook_delta.json"), RECEIPT, sink);
        assertEquals(0, sink.events.size());
        decode(decoder, """
                {"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1709891679600,
                 "data":{"s":"BTCUSDT","b":[],"a":[["27451.50","0.900"]],"u":123456791,"seq":987654330}}""", RECEIPT, sink);
        Quote q2 = assertInstanceOf(Quote.class, sink.only());
        assertEquals(27450.00, q2.bidPrice());
        assertEquals(0.4, q2.bidSize());
        assertEquals(27451.50, q2.askPrice());
        assertEquals(0.9, q2.askSize());
        assertEquals(1_709_891_679_600L * 1_000_000L, q2.ts());
    }

    @Test
    void publicTrade() throws Exception {
        FrameDecoder decoder = BybitProtocol.linear().newDecoder(List.of(TRADES));
        // the fixture's topic is trade.linear.BTCUSDT; the v5 stream is publicTrade.BTCUSDT: both read as BTCUSDT's trades
        decode(decoder, fixture("ws_public_trade.json"), RECEIPT, sink);
        Trade t = assertInstanceOf(Trade.class, sink.only());
        assertSame(TRADES, sink.events.get(0).subscription());
        assertEquals(1_709_891_679_000L * 1_000_000L, t.ts()); // T, not the message ts ...005
        assertEquals(RECEIPT, t.receiptTs());
        assertEquals(Side.BUY, t.side());
        assertEquals(27451.00, t.price());
        assertEquals(0.010, t.amount());
        long hi = Long.parseUnsignedLong("9dc75fca4bdd4773", 16);
        long lo = Long.parseUnsignedLong("9f786f5d7ab2a110", 16);
        assertEquals(hi ^ lo, t.id());
    }

    @Test
    void subscriptionAckIsAHeartbeat() throws Exception {
        FrameDecoder decoder = BybitProtocol.linear().newDecoder(List.of(BOOK));
        decode(decoder, fixture("ws_subscription_ack.json"), RECEIPT, sink);
        assertEquals(1, sink.heartbeats);
        assertEquals(0, sink.events.size());
        assertEquals(0, sink.errors.size());
    }

    @Test
    void subscriptionFailureIsReported() throws Exception {
        FrameDecoder decoder = BybitProtocol.linear().newDecoder(List.of(BOOK));
        decode(decoder, fixture("ws_subscription_failure.json"), RECEIPT, sink);
        assertEquals(List.of("Invalid topic: invalid.topic.BTCUSDT"), sink.errors);
        assertEquals(0, sink.heartbeats);
        assertEquals(0, sink.events.size());
    }

    @Test
    void linearTicker() throws Exception {
        FrameDecoder decoder = BybitProtocol.linear().newDecoder(List.of(TICKER));
        decode(decoder, fixture("ws_ticker_linear.json"), RECEIPT, sink);
        Quote q = assertInstanceOf(Quote.class, sink.only());
        assertSame(TICKER, sink.events.get(0).subscription());
        assertEquals(1_673_272_861_686L * 1_000_000L, q.ts());
        assertEquals(17215.50, q.bidPrice());
        assertEquals(84.489, q.bidSize());
        assertEquals(17216.00, q.askPrice());
        assertEquals(83.020, q.askSize());
    }

    @Test
    void restOrderbookSnapshot() throws Exception {
        BookUpdate b = new BookUpdate();
        BybitProtocol.linear().decodeRestSnapshot(fixture("http_get_orderbook.json").getBytes(StandardCharsets.UTF_8), "BTC-USDT", RECEIPT, b);
        assertTrue(b.isSnapshot());
        assertEquals(1_709_891_679_000L * 1_000_000L, b.ts());
        assertEquals(RECEIPT, b.receiptTs());
        assertEquals(1_234_567L, b.firstSeq());
        assertEquals(1_234_567L, b.lastSeq());
        assertEquals(3, b.bidCount());
        assertEquals(27450.50, b.bidPrice(0));
        assertEquals(1.5, b.bidSize(0));
        assertEquals(27450.00, b.bidPrice(1));
        assertEquals(2.0, b.bidSize(1));
        assertEquals(27449.50, b.bidPrice(2));
        assertEquals(0.75, b.bidSize(2));
        assertEquals(3, b.askCount());
        assertEquals(27451.00, b.askPrice(0));
        assertEquals(1.2, b.askSize(0));
        assertEquals(27451.50, b.askPrice(1));
        assertEquals(3.0, b.askSize(1));
        assertEquals(27452.00, b.askPrice(2));
        assertEquals(0.5, b.askSize(2));
    }

    @Test
    void restTradesAreNotAWebSocketFrame() {
        FrameDecoder decoder = BybitProtocol.linear().newDecoder(List.of(TRADES));
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
                () -> decode(decoder, fixture("http_get_trades_recent.json"), RECEIPT, sink));
        assertTrue(e.getMessage().startsWith("BYBIT: neither a topic message nor a reply"), e.getMessage());
        assertEquals(0, sink.events.size());
    }
}

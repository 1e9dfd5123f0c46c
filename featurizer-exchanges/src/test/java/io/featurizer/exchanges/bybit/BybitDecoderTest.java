package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.featurizer.exchanges.bybit.RecordingSink.decode;
import static io.featurizer.exchanges.bybit.RecordingSink.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BybitDecoderTest {
    private static final Subscription BTC_BOOK = new Subscription("BTC-USDT", Channel.L2_BOOK);
    private static final Subscription BTC_TRADES = new Subscription("BTC-USDT", Channel.TRADES);
    private static final Subscription BTC_TICKER = new Subscription("BTC-USDT", Channel.TICKER);
    private static final Subscription ETH_TICKER = new Subscription("ETH-USDT", Channel.TICKER);
    private static final long MS = 1_000_000L;

    private final RecordingSink sink = new RecordingSink();

    private FrameDecoder linear(Subscription... subs) {
        return BybitProtocol.linear().newDecoder(List.of(subs));
    }

    // ------------------------------------------------------------------ garbage

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "[1,2,3]", "{", "{\"topic\":\"orderbook.50.BTCUSDT\"", "{\"topic\":orderbook}",
            "{\"op\":\"subscribe\"} trailing", "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"b\":[[\"1\"]],\"u\":2}}",
            "{\"unrelated\":true}", "{}", "\u0000\u0001\u0002", "{\"topic\":\"orderbook.50.BTCUSDT\",\"ts\":1e3}"})
    void garbageIsAMalformedFrame(String frame) {
        FrameDecoder d = linear(BTC_BOOK);
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode(d, frame, 1, sink));
        assertTrue(e.getMessage().startsWith("BYBIT: "), e.getMessage());
        assertEquals(0, sink.events.size());
        assertEquals(0, sink.heartbeats);
    }

    @Test
    void messagesSayWhatIsWrong() {
        FrameDecoder d = linear(BTC_BOOK, BTC_TRADES);
        assertEquals("BYBIT: not a JSON object at byte 0 in frame: hello",
                assertThrows(MalformedFrameException.class, () -> decode(d, "hello", 1, sink)).getMessage());
        assertMessage(d, "{\"topic\":\"kline.1.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[]}",
                "unknown topic 'kline.1.BTCUSDT' (not subscribed on this connection)");
        assertMessage(d, "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"b\":[],\"a\":[]}}",
                "orderbook message without update id u");
        assertMessage(d, "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1,\"data\":{\"b\":[[\"x1\",\"2\"]],\"u\":5}}",
                "'x1' is not a decimal number");
        assertMessage(d, "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"partial\",\"ts\":1,\"data\":{\"u\":5}}",
                "orderbook message type must be snapshot or delta");
        assertMessage(d, "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"data\":{\"u\":5}}",
                "orderbook message without ts");
        assertMessage(d, "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"S\":\"Hold\",\"v\":\"1\",\"p\":\"2\",\"i\":\"3\"}]}",
                "trade 0 side S is neither Buy nor Sell");
        assertMessage(d, "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":[{\"T\":1,\"S\":\"Buy\",\"p\":\"2\"}]}",
                "trade 0 lacks S, v or p");
        assertMessage(d, "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":{\"T\":1}}",
                "publicTrade message without a data array");
        assertEquals(0, sink.events.size());
    }

    private void assertMessage(FrameDecoder d, String frame, String expected) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode(d, frame, 1, sink));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("in frame: {\"topic\""), e.getMessage()); // quotes the frame for the log
    }

    @Test
    void aBadFrameEmitsNothingAndTheNextFrameDecodes() throws Exception {
        FrameDecoder d = linear(BTC_TRADES);
        // the second trade is broken: the first one must not have been emitted either
        assertThrows(MalformedFrameException.class, () -> decode(d, "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,"
                + "\"data\":[{\"T\":1,\"S\":\"Buy\",\"v\":\"1\",\"p\":\"2\",\"i\":\"3\"},{\"T\":1,\"S\":\"Buy\",\"v\":\"1\"", 1, sink));
        assertEquals(0, sink.events.size());
        decode(d, fixture("ws_public_trade.json"), 2, sink);
        assertEquals(1, sink.events.size());
    }

    @Test
    void aFrameInsideALargerBuffer() throws Exception {
        FrameDecoder d = linear(BTC_BOOK);
        String frame = "{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":7,\"data\":{\"b\":[[\"1.5\",\"2\"]],\"a\":[],\"u\":9}}";
        byte[] padded = ("xxxx" + frame + "yyyy").getBytes(StandardCharsets.UTF_8);
        d.decode(padded, 4, frame.length(), 3, sink);
        BookUpdate b = assertInstanceOf(BookUpdate.class, sink.only());
        assertEquals(1.5, b.bidPrice(0));
        assertEquals(9, b.lastSeq());
        assertEquals(7 * MS, b.ts());
    }

    // ------------------------------------------------------------------ control messages

    @Test
    void pongsAndAcksAreHeartbeats() throws Exception {
        FrameDecoder d = linear(BTC_BOOK);
        decode(d, "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"465772b1-7630\",\"op\":\"ping\"}", 1, sink);
        decode(d, "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"0970e817\",\"req_id\":\"\",\"op\":\"ping\"}", 1, sink);
        decode(d, "{\"req_id\":\"test\",\"op\":\"pong\",\"args\":[\"1675418560633\"],\"conn_id\":\"cfcb4ocsvfriu23r3er0-1b\"}", 1, sink);
        decode(d, "{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"c1\",\"op\":\"unsubscribe\"}", 1, sink);
        assertEquals(4, sink.heartbeats);
        assertEquals(0, sink.errors.size());
    }

    @Test
    void failureWithoutMessageStillSaysWhat() throws Exception {
        decode(linear(BTC_BOOK), "{\"success\":false,\"ret_msg\":\"\",\"op\":\"subscribe\"}", 1, sink);
        assertEquals(List.of("subscribe failed (no ret_msg)"), sink.errors);
    }

    @Test
    void escapedRetMsgIsDecoded() throws Exception {
        decode(linear(BTC_BOOK), "{\"success\":false,\"ret_msg\":\"bad \\\"args\\\"\\u0021\",\"op\":\"subscribe\"}", 1, sink);
        assertEquals(List.of("bad \"args\"!"), sink.errors);
    }

    // ------------------------------------------------------------------ books

    @Test
    void fieldsInAnyOrder() throws Exception {
        FrameDecoder d = linear(BTC_BOOK);
        decode(d, "{\"data\":{\"seq\":77,\"u\":12,\"a\":[[\"101.5\",\"3\"]],\"b\":[[\"100\",\"0\"],[\"99.5\",\"1.25\"]],\"s\":\"BTCUSDT\"},"
                + "\"cts\":5,\"ts\":1700000000123,\"type\":\"delta\",\"topic\":\"orderbook.50.BTCUSDT\"}", 42, sink);
        BookUpdate b = assertInstanceOf(BookUpdate.class, sink.only());
        assertTrue(!b.isSnapshot());
        assertEquals(1_700_000_000_123L * MS, b.ts());
        assertEquals(42, b.receiptTs());
        assertEquals(12, b.firstSeq());
        assertEquals(2, b.bidCount());
        assertEquals(100.0, b.bidPrice(0));
        assertEquals(0.0, b.bidSize(0));
        assertEquals(99.5, b.bidPrice(1));
        assertEquals(1.25, b.bidSize(1));
        assertEquals(101.5, b.askPrice(0));
        assertEquals(3.0, b.askSize(0));
    }

    @Test
    void aBookTopicOfAnotherDepthIsUnknown() {
        FrameDecoder d = linear(BTC_BOOK); // orderbook.50
        assertThrows(MalformedFrameException.class, () -> decode(d, fixture("ws_orderbook_snapshot.json"), 1, sink)); // orderbook.1
    }

    @Test
    void aDepthOneBookAndASpotTickerOnOneTopicGetBoth() throws Exception {
        FrameDecoder d = new BybitProtocol(BybitCategory.SPOT, 1).newDecoder(List.of(BTC_BOOK, BTC_TICKER));
        decode(d, fixture("ws_orderbook_snapshot.json"), 1, sink);
        assertEquals(2, sink.events.size());
        assertSame(BTC_BOOK, sink.events.get(0).subscription());
        assertInstanceOf(BookUpdate.class, sink.events.get(0).event());
        assertSame(BTC_TICKER, sink.events.get(1).subscription());
        Quote q = assertInstanceOf(Quote.class, sink.events.get(1).event());
        assertEquals(27450.0, q.bidPrice());
        assertEquals(27451.0, q.askPrice());
    }

    @Test
    void spotQuoteStreamForgetsBothSidesAfterAGap() throws Exception {
        FrameDecoder d = BybitProtocol.spot().newDecoder(List.of(BTC_TICKER));
        decode(d, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1,\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":[[\"100\",\"1\"]],\"a\":[[\"101\",\"2\"]],\"u\":10,\"seq\":1}}", 1, sink);
        assertEquals(1, sink.events.size());
        // u 12 after 10: the bid may be stale, so this ask alone gives no quote
        decode(d, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":2,\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":[],\"a\":[[\"101\",\"0\"],[\"100.5\",\"4\"]],\"u\":12,\"seq\":2}}", 1, sink);
        assertEquals(1, sink.events.size());
        decode(d, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":3,\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":[[\"100.25\",\"7\"]],\"a\":[],\"u\":13,\"seq\":3}}", 1, sink);
        Quote q = assertInstanceOf(Quote.class, sink.events.get(1).event());
        assertEquals(100.25, q.bidPrice());
        assertEquals(7.0, q.bidSize());
        assertEquals(100.5, q.askPrice());
        assertEquals(4.0, q.askSize());
        assertEquals(3 * MS, q.ts());
        // a repeated u changes nothing
        decode(d, "{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":4,\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":[[\"99\",\"1\"]],\"a\":[],\"u\":13,\"seq\":4}}", 1, sink);
        assertEquals(2, sink.events.size());
    }

    // ------------------------------------------------------------------ trades

    @Test
    void everyTradeOfAMessage() throws Exception {
        FrameDecoder d = BybitProtocol.spot().newDecoder(List.of(BTC_TRADES));
        decode(d, "{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1672304486868,\"data\":["
                + "{\"T\":1672304486865,\"s\":\"BTCUSDT\",\"S\":\"Buy\",\"v\":\"0.001\",\"p\":\"16578.50\",\"L\":\"PlusTick\",\"i\":\"20f43950-d8dd-5b31-9112-a178eb6023af\",\"BT\":false},"
                + "{\"T\":1672304486866,\"s\":\"BTCUSDT\",\"S\":\"Sell\",\"v\":\"2.5\",\"p\":\"16578\",\"i\":\"2290000000061666327\",\"BT\":false},"
                + "{\"T\":1672304486867,\"s\":\"BTCUSDT\",\"S\":\"Sell\",\"v\":\"1e-3\",\"p\":\"16577.5\",\"i\":\"x-1\",\"BT\":true}]}", 9, sink);
        assertEquals(3, sink.events.size());
        Trade a = (Trade) sink.events.get(0).event();
        Trade b = (Trade) sink.events.get(1).event();
        Trade c = (Trade) sink.events.get(2).event();
        assertEquals(1_672_304_486_865L * MS, a.ts());
        assertEquals(Side.BUY, a.side());
        assertEquals(0.001, a.amount());
        assertEquals(16578.50, a.price());
        assertEquals(Long.parseUnsignedLong("20f43950d8dd5b31", 16) ^ Long.parseUnsignedLong("9112a178eb6023af", 16), a.id());
        assertEquals(Side.SELL, b.side());
        assertEquals(2.5, b.amount());
        assertEquals(16578.0, b.price());
        assertEquals(2_290_000_000_061_666_327L, b.id());
        assertEquals(1_672_304_486_866L * MS, b.ts());
        assertEquals(0.001, c.amount());
        // FNV-1a 64 of "x-1", computed independently
        long h = 0xcbf29ce484222325L;
        for (byte x : "x-1".getBytes(StandardCharsets.US_ASCII)) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        assertEquals(h | Long.MIN_VALUE, c.id()); // hashed ids have the sign bit set (core TradeIds)
        for (RecordingSink.Received r : sink.events) {
            assertSame(BTC_TRADES, r.subscription());
            assertEquals(9, r.event().receiptTs());
        }
    }

    // ------------------------------------------------------------------ linear tickers

    @Test
    void tickerDeltasMergeIntoTheLastKnownQuote() throws Exception {
        FrameDecoder d = linear(BTC_TICKER);
        decode(d, fixture("ws_ticker_linear.json"), 1, sink);
        assertQuote(sink.only(), 17215.50, 84.489, 17216.00, 83.020);
        sink.clear();
        // the bid moves: the ask keeps its last values
        decode(d, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"bid1Price\":\"17215.00\","
                + "\"bid1Size\":\"10.5\",\"markPrice\":\"17217.00\"},\"cs\":24987956060,\"ts\":1673272861786}", 2, sink);
        assertQuote(sink.only(), 17215.00, 10.5, 17216.00, 83.020);
        assertEquals(1_673_272_861_786L * MS, sink.only().ts());
        sink.clear();
        // nothing about the quote: no event
        decode(d, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"markPrice\":\"17218.00\","
                + "\"fundingRate\":\"-0.0002\"},\"cs\":24987956061,\"ts\":1673272861886}", 3, sink);
        assertEquals(0, sink.events.size());
        // only the ask size
        decode(d, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"ask1Size\":\"1.001\"},"
                + "\"cs\":24987956062,\"ts\":1673272861986}", 4, sink);
        assertQuote(sink.only(), 17215.00, 10.5, 17216.00, 1.001);
    }

    @Test
    void tickerDeltaBeforeASnapshotWaitsForAllFourFields() throws Exception {
        FrameDecoder d = linear(BTC_TICKER);
        decode(d, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"bid1Price\":\"5\",\"bid1Size\":\"1\"},\"ts\":1}", 1, sink);
        assertEquals(0, sink.events.size());
        decode(d, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"ask1Price\":\"6\",\"ask1Size\":\"2\"},\"ts\":2}", 1, sink);
        assertQuote(sink.only(), 5, 1, 6, 2);
    }

    @Test
    void tickersOfTwoSymbolsAreKeptApart() throws Exception {
        FrameDecoder d = linear(BTC_TICKER, ETH_TICKER);
        decode(d, fixture("ws_ticker_linear.json"), 1, sink);
        decode(d, "{\"topic\":\"tickers.ETHUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"ETHUSDT\",\"bid1Price\":\"1200.1\",\"bid1Size\":\"3\","
                + "\"ask1Price\":\"1200.2\",\"ask1Size\":\"4\"},\"cs\":1,\"ts\":2}", 1, sink);
        decode(d, "{\"topic\":\"tickers.ETHUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"ETHUSDT\",\"bid1Size\":\"5\"},\"cs\":2,\"ts\":3}", 1, sink);
        decode(d, "{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\",\"ask1Price\":\"17216.50\"},\"cs\":3,\"ts\":4}", 1, sink);
        assertEquals(4, sink.events.size());
        assertSame(ETH_TICKER, sink.events.get(2).subscription());
        assertQuote(sink.events.get(2).event(), 1200.1, 5, 1200.2, 4);
        assertSame(BTC_TICKER, sink.events.get(3).subscription());
        assertQuote(sink.events.get(3).event(), 17215.50, 84.489, 17216.50, 83.020);
    }

    private static void assertQuote(Event e, double bid, double bidSize, double ask, double askSize) {
        Quote q = assertInstanceOf(Quote.class, e);
        assertEquals(bid, q.bidPrice());
        assertEquals(bidSize, q.bidSize());
        assertEquals(ask, q.askPrice());
        assertEquals(askSize, q.askSize());
    }

    // ------------------------------------------------------------------ allocation

    @Test
    void decodingAllocatesNothingInSteadyState() throws Exception {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        if (!(mx instanceof com.sun.management.ThreadMXBean bean) || !bean.isThreadAllocatedMemorySupported()) {
            return;
        }
        bean.setThreadAllocatedMemoryEnabled(true);
        FrameDecoder d = linear(BTC_BOOK, BTC_TRADES, BTC_TICKER);
        StringBuilder sb = new StringBuilder("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1709891679500,\"data\":{\"s\":\"BTCUSDT\",\"b\":[");
        for (int i = 0; i < 25; i++) {
            sb.append(i > 0 ? "," : "").append("[\"").append(27450 - i).append(".50\",\"").append(i + 1).append(".001").append("\"]");
        }
        sb.append("],\"a\":[");
        for (int i = 0; i < 25; i++) {
            sb.append(i > 0 ? "," : "").append("[\"").append(27451 + i).append(".00\",\"0.").append(100 + i).append("\"]");
        }
        sb.append("],\"u\":123456790,\"seq\":987654322},\"cts\":1709891679499}");
        byte[][] frames = {
                sb.toString().getBytes(StandardCharsets.UTF_8),
                fixture("ws_public_trade.json").getBytes(StandardCharsets.UTF_8),
                fixture("ws_ticker_linear.json").getBytes(StandardCharsets.UTF_8),
                fixture("ws_subscription_ack.json").getBytes(StandardCharsets.UTF_8),
        };
        long[] sum = new long[1];
        FrameSink counting = new FrameSink() {
            @Override
            public void onEvent(Subscription subscription, Event event) {
                sum[0] += event.ts();
            }

            @Override
            public void onSubscriptionError(String message) {
            }
        };
        for (int i = 0; i < 20_000; i++) { // warm up (and let every reused buffer reach its size)
            byte[] f = frames[i & 3];
            d.decode(f, 0, f.length, i, counting);
        }
        int n = 100_000;
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < n; i++) {
            byte[] f = frames[i & 3];
            d.decode(f, 0, f.length, i, counting);
        }
        long allocated = bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(sum[0] != 0);
        // zero per frame; a few hundred bytes of slack for the measurement itself
        assertTrue(allocated < 4096, "decoding " + n + " frames allocated " + allocated + " bytes");
    }
}

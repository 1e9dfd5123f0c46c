package io.featurizer.exchanges.binance;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueEncoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator side: request parsing, replies and frame texts, written out by hand. */
class BinanceEncoderTest {
    private static final long TS = 1_675_245_600_123_456_789L; // E = 1675245600123
    private final BinanceEncoder spot = BinanceProtocol.spot().newEncoder();
    private final BinanceEncoder futures = BinanceProtocol.futures().newEncoder();

    private static BookUpdate delta() {
        return new BookUpdate().reset(TS, 0, false).addBid(30000.5, 1.25).addAsk(30001.0, 0);
    }

    @Test
    void parsesSubscribeAndAcknowledgesWithItsId() throws Exception {
        List<Subscription> subs = spot.parseSubscribe(
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@depth@100ms\",\"btcusdt@trade\",\"ethbtc@bookTicker\"],\"id\":7}");
        assertEquals(List.of(new Subscription("BTC-USDT", Channel.L2_BOOK), new Subscription("BTC-USDT", Channel.TRADES),
                new Subscription("ETH-BTC", Channel.TICKER)), subs);
        assertEquals(List.of("{\"result\":null,\"id\":7}"), spot.acknowledge(subs, symbol -> null));
        spot.parseSubscribe("{ \"method\" : \"SUBSCRIBE\", \"params\" : [ \"btcusdt@aggTrade\" ], \"id\" : \"req-1\" }");
        assertEquals(List.of("{\"result\":null,\"id\":\"req-1\"}"), spot.acknowledge(subs, symbol -> null));
    }

    @Test
    void protocolSubscribeFramesReadBack() throws Exception {
        List<Subscription> subs = List.of(new Subscription("BTC-USDT", Channel.L2_BOOK), new Subscription("BTC-USDT", Channel.TRADES),
                new Subscription("SOL-USDC", Channel.TICKER));
        for (BinanceProtocol p : List.of(BinanceProtocol.spot(), BinanceProtocol.futures())) {
            assertEquals(subs, p.newEncoder().parseSubscribe(p.subscribeFrames(subs).get(0)), p.exchange());
        }
    }

    @Test
    void explicitSymbolsReadStreamNamesBack() throws Exception {
        VenueEncoder e = new BinanceEncoder(BinanceProtocol.Market.SPOT, List.of("PEPE-FOO"));
        assertEquals(List.of(new Subscription("PEPE-FOO", Channel.TRADES)),
                e.parseSubscribe("{\"method\":\"SUBSCRIBE\",\"params\":[\"pepefoo@trade\"],\"id\":1}"));
    }

    @Test
    void otherMethodsAreNotSubscriptions() throws Exception {
        assertEquals(List.of(), spot.parseSubscribe("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}"));
        assertEquals(List.of(), spot.parseSubscribe("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"btcusdt@depth\"],\"id\":312}"));
        assertEquals(List.of(), spot.parseSubscribe("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}"));
        assertNull(spot.pong("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}"));
    }

    @Test
    void junkRequestsAreRefused() {
        for (String junk : List.of("hello", "", "[]", "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"]}",
                "{\"params\":[\"btcusdt@trade\"],\"id\":1}", "{\"method\":\"FOO\",\"id\":1}",
                "{\"method\":\"SUBSCRIBE\",\"params\":[],\"id\":1}", "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@kline_1m\"],\"id\":1}",
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"BTCUSDT@trade\"],\"id\":1}", "{\"method\":\"SUBSCRIBE\",\"params\":[\"@trade\"],\"id\":1}",
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1.5}", "{\"method\":\"SUBSCRIBE\",\"params\":[\"xyz@trade\"],\"id\":1}",
                "{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1,\"extra\":0}")) {
            assertThrows(MalformedFrameException.class, () -> spot.parseSubscribe(junk), junk);
        }
    }

    @Test
    void errorFrameIsWhatTheDecoderReportsAsASubscriptionError() throws Exception {
        String frame = BinanceEncoder.errorFrame(2, "Invalid request: \"x\"");
        assertEquals("{\"error\":{\"code\":2,\"msg\":\"Invalid request: \\\"x\\\"\"},\"id\":null}", frame);
        RecordingSink sink = new RecordingSink();
        byte[] b = RecordingSink.utf8(frame);
        BinanceProtocol.spot().newDecoder(List.of()).decode(b, 0, b.length, 0, sink);
        assertEquals(1, sink.errors.size());
        assertTrue(sink.errors.get(0).contains("2: Invalid request: \"x\""), sink.errors.get(0));
    }

    @Test
    void spotDepthFramesCountOneIdPerLevel() {
        assertEquals("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1675245600123,\"s\":\"BTCUSDT\","
                + "\"U\":1001,\"u\":1002,\"b\":[[\"30000.5\",\"1.25\"]],\"a\":[[\"30001.0\",\"0.0\"]]}}", spot.bookFrame("BTC-USDT", delta(), null));
        BookUpdate one = new BookUpdate().reset(TS, 0, false).addBid(30000.0, 2);
        assertTrue(spot.bookFrame("BTC-USDT", one, null).contains("\"U\":1003,\"u\":1003,"));
        spot.skipSequence("BTC-USDT", 3);
        assertTrue(spot.bookFrame("BTC-USDT", one, null).contains("\"U\":1007,\"u\":1007,")); // 1004..1006 never sent
        assertTrue(spot.bookFrame("ETH-USDT", one, null).contains("\"s\":\"ETHUSDT\",\"U\":1001,\"u\":1001,")); // per symbol
    }

    @Test
    void futuresDepthFramesLinkByPreviousId() {
        assertEquals("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1675245600123,\"T\":1675245600123,"
                + "\"s\":\"BTCUSDT\",\"U\":1000,\"u\":1002,\"pu\":1000,\"b\":[[\"30000.5\",\"1.25\"]],\"a\":[[\"30001.0\",\"0.0\"]]}}",
                futures.bookFrame("BTC-USDT", delta(), null));
        futures.skipSequence("BTC-USDT", 5);
        assertTrue(futures.bookFrame("BTC-USDT", delta(), null).contains("\"U\":1007,\"u\":1009,\"pu\":1007,"));
    }

    @Test
    void snapshotGoesOutAsADepthUpdateThatAlsoDeletesLevelsItLacks() {
        spot.bookFrame("BTC-USDT", new BookUpdate().reset(TS, 0, false).addBid(10.0, 1).addBid(9.0, 1), null); // ids 1001..1002
        BookUpdate snapshot = new BookUpdate().reset(TS, 0, true).addBid(10.0, 2).addAsk(11.0, 1);
        assertEquals("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1675245600123,\"s\":\"BTCUSDT\","
                + "\"U\":1003,\"u\":1005,\"b\":[[\"9.0\",\"0.0\"],[\"10.0\",\"2.0\"]],\"a\":[[\"11.0\",\"1.0\"]]}}",
                spot.bookFrame("BTC-USDT", snapshot, null));
    }

    @Test
    void trades() {
        Trade buy = new Trade().set(TS, 0, Side.BUY, 30001.0, 0.5, 42);
        assertEquals("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1675245600123,\"s\":\"BTCUSDT\",\"t\":42,"
                + "\"p\":\"30001.0\",\"q\":\"0.5\",\"T\":1675245600123,\"m\":false,\"M\":true}}", spot.tradeFrame("BTC-USDT", buy));
        Trade sell = new Trade().set(TS, 0, Side.SELL, 30000.5, 0.25, 43);
        assertEquals("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1675245600123,\"a\":43,\"s\":\"BTCUSDT\","
                + "\"p\":\"30000.5\",\"q\":\"0.25\",\"f\":43,\"l\":43,\"T\":1675245600123,\"m\":true}}", futures.tradeFrame("BTC-USDT", sell));
    }

    @Test
    void tradesFollowTheStreamTheClientChose() throws Exception {
        futures.parseSubscribe("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@trade\"],\"id\":1}");
        assertTrue(futures.tradeFrame("BTC-USDT", new Trade().set(TS, 0, Side.BUY, 1, 1, 9))
                .startsWith("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\","));
    }

    @Test
    void tickers() {
        spot.bookFrame("BTC-USDT", delta(), null); // book update id 1002
        futures.bookFrame("BTC-USDT", delta(), null);
        Quote q = new Quote().set(TS, 0, 30000.5, 1.25, 30001.5, 2);
        assertEquals("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1002,\"s\":\"BTCUSDT\",\"b\":\"30000.5\",\"B\":\"1.25\","
                + "\"a\":\"30001.5\",\"A\":\"2.0\"}}", spot.tickerFrame("BTC-USDT", q));
        assertEquals("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":1002,\"E\":1675245600123,"
                + "\"T\":1675245600123,\"s\":\"BTCUSDT\",\"b\":\"30000.5\",\"B\":\"1.25\",\"a\":\"30001.5\",\"A\":\"2.0\"}}",
                futures.tickerFrame("BTC-USDT", q));
    }

    @Test
    void restSnapshotCarriesTheLastIdSent() {
        OrderBook book = new OrderBook();
        book.apply(new BookUpdate().reset(0, 0, true).addBid(100.0, 2).addBid(100.5, 1).addAsk(101.0, 3));
        assertEquals("{\"lastUpdateId\":1000,\"bids\":[[\"100.5\",\"1.0\"],[\"100.0\",\"2.0\"]],\"asks\":[[\"101.0\",\"3.0\"]]}",
                spot.restSnapshot("BTC-USDT", book, 1000));
        spot.bookFrame("BTC-USDT", delta(), null);
        assertEquals("{\"lastUpdateId\":1002,\"bids\":[[\"100.5\",\"1.0\"]],\"asks\":[[\"101.0\",\"3.0\"]]}",
                spot.restSnapshot("BTC-USDT", book, 1));
        futures.bookFrame("BTC-USDT", delta(), null);
        assertEquals("{\"lastUpdateId\":1002,\"E\":1675245600123,\"T\":1675245600123,\"bids\":[[\"100.5\",\"1.0\"]],"
                + "\"asks\":[[\"101.0\",\"3.0\"]]}", futures.restSnapshot("BTC-USDT", book, 1));
    }

    @Test
    void levelsServedByRestAreDeletedByALaterSnapshotFrame() {
        OrderBook book = new OrderBook();
        book.apply(new BookUpdate().reset(0, 0, true).addBid(100.0, 2).addAsk(101.0, 3));
        spot.restSnapshot("BTC-USDT", book, 1000);
        String frame = spot.bookFrame("BTC-USDT", new BookUpdate().reset(TS, 0, true).addBid(99.0, 1).addAsk(101.0, 3), null);
        assertTrue(frame.contains("\"b\":[[\"100.0\",\"0.0\"],[\"99.0\",\"1.0\"]],\"a\":[[\"101.0\",\"3.0\"]]"), frame);
    }
}

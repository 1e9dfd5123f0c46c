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

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.featurizer.exchanges.bybit.RecordingSink.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BybitEncoderTest {
    private static final Subscription BTC_BOOK = new Subscription("BTC-USDT", Channel.L2_BOOK);
    private static final Subscription BTC_TRADES = new Subscription("BTC-USDT", Channel.TRADES);
    private static final Subscription BTC_TICKER = new Subscription("BTC-USDT", Channel.TICKER);
    private static final Pattern U = Pattern.compile("\"u\":(\\d+)");

    private final BybitProtocol linear = BybitProtocol.linear();
    private final RecordingSink sink = new RecordingSink();

    private static BookUpdate smallBook() {
        return new BookUpdate().reset(1_700_000_000_123_456_789L, 0, true).sequence(-1, -1, -1)
                .addBid(100.5, 1).addBid(100, 2.25).addAsk(101, 0.5).addAsk(101.5, 3);
    }

    private static long u(String frame) {
        Matcher m = U.matcher(frame);
        assertTrue(m.find(), frame);
        return Long.parseLong(m.group(1));
    }

    @Test
    void parsesSubscribeRequests() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear);
        // a linear ticker carries the best bid and ask and the derivatives fields: one topic, two channels
        assertEquals(List.of(BTC_BOOK, BTC_TRADES, BTC_TICKER, new Subscription("BTC-USDT", Channel.DERIVATIVE_TICKER),
                        new Subscription("ETH-BTC", Channel.L2_BOOK)),
                enc.parseSubscribe("{\"op\":\"subscribe\",\"req_id\":\"r1\",\"args\":[\"orderbook.50.BTCUSDT\",\"publicTrade.BTCUSDT\","
                        + "\"tickers.BTCUSDT\",\"orderbook.50.ETHBTC\"]}"));
        assertTrue(enc.isSubscribed("BTC-USDT", Channel.TRADES));
        assertEquals(List.of(), enc.parseSubscribe("{\"op\":\"ping\"}"));
        assertThrows(MalformedFrameException.class, () -> enc.parseSubscribe("subscribe please"));
    }

    @Test
    void symbolsGivenToTheEncoderMapBackExactly() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear, List.of("1000PEPE-USDT", "BTC-USDC"));
        assertEquals(List.of(new Subscription("1000PEPE-USDT", Channel.TRADES), new Subscription("BTC-USDC", Channel.TRADES)),
                enc.parseSubscribe("{\"op\":\"subscribe\",\"args\":[\"publicTrade.1000PEPEUSDT\",\"publicTrade.BTCUSDC\"]}"));
    }

    @Test
    void spotTickerIsTheOrderbookOneStream() throws Exception {
        BybitEncoder enc = new BybitEncoder(BybitProtocol.spot());
        List<String> frames = BybitProtocol.spot().subscribeFrames(List.of(BTC_BOOK, BTC_TICKER));
        assertEquals(List.of(BTC_BOOK, BTC_TICKER), enc.parseSubscribe(frames.get(0)));
    }

    @Test
    void acknowledgeSendsTheAckThenABookSnapshot() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear);
        List<Subscription> subs = enc.parseSubscribe("{\"op\":\"subscribe\",\"req_id\":\"r1\",\"args\":[\"orderbook.50.BTCUSDT\",\"publicTrade.BTCUSDT\"]}");
        List<String> frames = enc.acknowledge(subs, sym -> smallBook());
        assertEquals(2, frames.size());
        assertTrue(frames.get(0).matches("\\{\"success\":true,\"ret_msg\":\"\",\"conn_id\":\"[^\"]+\",\"req_id\":\"r1\",\"op\":\"subscribe\"}"), frames.get(0));
        String snap = frames.get(1);
        assertTrue(snap.startsWith("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1700000000123,"
                + "\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"100.5\",\"1\"],[\"100\",\"2.25\"]],\"a\":[[\"101\",\"0.5\"],[\"101.5\",\"3\"]],\"u\":1,\"seq\":"), snap);

        FrameDecoder d = linear.newDecoder(subs);
        for (String f : frames) {
            decode(d, f, 5, sink);
        }
        assertEquals(1, sink.heartbeats);
        BookUpdate b = assertInstanceOf(BookUpdate.class, sink.only());
        assertTrue(b.isSnapshot());
        assertEquals(1_700_000_000_123L * 1_000_000L, b.ts());
        assertEquals(1, b.lastSeq());
        assertEquals(2, b.bidCount());
        assertEquals(2.25, b.bidSize(1));
    }

    @Test
    void snapshotsKeepTheTopDepthLevels() throws Exception {
        BybitProtocol depth1 = new BybitProtocol(BybitCategory.LINEAR, 1);
        BybitEncoder enc = new BybitEncoder(depth1);
        List<Subscription> subs = enc.parseSubscribe(depth1.subscribeFrames(List.of(BTC_BOOK)).get(0));
        String snap = enc.acknowledge(subs, sym -> smallBook()).get(1);
        assertTrue(snap.contains("\"b\":[[\"100.5\",\"1\"]],\"a\":[[\"101\",\"0.5\"]]"), snap);
    }

    @Test
    void pingGetsAPong() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear);
        assertEquals(List.of(), enc.parseSubscribe(linear.pingFrame()));
        String pong = enc.pong(linear.pingFrame());
        assertTrue(pong.matches("\\{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"[^\"]+\",\"req_id\":\"\",\"op\":\"ping\"}"), pong);
        decode(linear.newDecoder(List.of(BTC_BOOK)), pong, 1, sink);
        assertEquals(1, sink.heartbeats);
        // a valid subscribe is answered by acknowledge, not pong
        assertNull(enc.pong("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}"));
        assertNull(enc.pong("garbage"));
        assertNull(enc.restSnapshot("BTC-USDT", new OrderBook(), 50));
    }

    @Test
    void unsubscribeIsAcknowledgedAndStopsTheTopic() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear);
        enc.parseSubscribe("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\"]}");
        assertTrue(enc.isSubscribed("BTC-USDT", Channel.L2_BOOK));
        String unsub = linear.resnapshotFrames(BTC_BOOK).get(0);
        assertEquals(List.of(), enc.parseSubscribe(unsub));
        assertFalse(enc.isSubscribed("BTC-USDT", Channel.L2_BOOK));
        String ack = enc.pong(unsub);
        assertTrue(ack.startsWith("{\"success\":true,") && ack.endsWith("\"op\":\"unsubscribe\"}"), ack);
    }

    @Test
    void invalidTopicsAreRefusedLikeBybitDoes() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear);
        String all = "{\"op\":\"subscribe\",\"args\":[\"invalid.topic.BTCUSDT\"]}";
        assertEquals(List.of(), enc.parseSubscribe(all));
        String failure = enc.pong(all);
        FrameDecoder d = linear.newDecoder(List.of(BTC_BOOK));
        decode(d, failure, 1, sink);
        assertEquals(List.of("Invalid topic: invalid.topic.BTCUSDT"), sink.errors);

        // one good and one bad topic: the good one is served, the bad one reported
        sink.clear();
        List<Subscription> subs = enc.parseSubscribe("{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSDT\",\"orderbook.7.BTCUSDT\"]}");
        assertEquals(List.of(BTC_BOOK), subs);
        for (String f : enc.acknowledge(subs, sym -> smallBook())) {
            decode(d, f, 1, sink);
        }
        assertEquals(1, sink.heartbeats);
        assertEquals(List.of("Invalid topic: orderbook.7.BTCUSDT"), sink.errors);
        assertEquals(1, sink.events.size());
    }

    @Test
    void deltasNumberUpdateIdsAndSkipSequenceMakesAGap() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear);
        List<Subscription> subs = enc.parseSubscribe(linear.subscribeFrames(List.of(BTC_BOOK)).get(0));
        String snap = enc.acknowledge(subs, sym -> smallBook()).get(1);
        OrderBook truth = new OrderBook();
        BookUpdate d1 = new BookUpdate().reset(1_700_000_000_200_000_000L, 0, false).addBid(100.5, 0).addAsk(101, 0.75);
        BookUpdate d2 = new BookUpdate().reset(1_700_000_000_300_000_000L, 0, false).addBid(99.5, 4);
        String f1 = enc.bookFrame("BTC-USDT", d1, truth);
        enc.skipSequence("BTC-USDT", 3);
        String f2 = enc.bookFrame("BTC-USDT", d2, truth);
        assertEquals(1, u(snap));
        assertEquals(2, u(f1));
        assertEquals(6, u(f2)); // 3, 4 and 5 skipped
        assertEquals("{\"topic\":\"orderbook.50.BTCUSDT\",\"type\":\"delta\",\"ts\":1700000000200,\"data\":{\"s\":\"BTCUSDT\","
                + "\"b\":[[\"100.5\",\"0\"]],\"a\":[[\"101\",\"0.75\"]],\"u\":2,\"seq\":", f1.substring(0, f1.indexOf("\"seq\":") + 6));

        FrameDecoder dec = linear.newDecoder(subs);
        BookSync sync = linear.newBookSync();
        decode(dec, snap, 1, sink);
        decode(dec, f1, 1, sink);
        decode(dec, f2, 1, sink);
        sync.onSnapshot((BookUpdate) sink.events.get(0).event());
        assertEquals(BookSync.Verdict.APPLY, sync.check((BookUpdate) sink.events.get(1).event()));
        assertEquals(BookSync.Verdict.RESYNC, sync.check((BookUpdate) sink.events.get(2).event()));
    }

    @Test
    void tradeFrames() throws Exception {
        Trade t = new Trade().set(1_709_891_679_000_400_000L, 0, Side.SELL, 27451.5, 0.01, 0xabcdef0123L);
        String lin = new BybitEncoder(linear).tradeFrame("BTC-USDT", t);
        assertEquals("{\"topic\":\"publicTrade.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1709891679000,\"data\":[{\"T\":1709891679000,"
                + "\"s\":\"BTCUSDT\",\"S\":\"Sell\",\"v\":\"0.01\",\"p\":\"27451.5\",\"L\":\"MinusTick\","
                + "\"i\":\"00000000-0000-0000-0000-00abcdef0123\",\"BT\":false}]}", lin);
        String spot = new BybitEncoder(BybitProtocol.spot()).tradeFrame("BTC-USDT", t);
        assertTrue(spot.contains("\"i\":\"737894400291\""), spot); // 0xabcdef0123 in decimal
        for (String f : List.of(lin, spot)) {
            sink.clear();
            decode(linear.newDecoder(List.of(BTC_TRADES)), f, 1, sink);
            Trade back = assertInstanceOf(Trade.class, sink.only());
            assertEquals(0xabcdef0123L, back.id());
            assertEquals(Side.SELL, back.side());
            assertEquals(1_709_891_679_000_000_000L, back.ts());
        }
    }

    @Test
    void linearTickerFramesSendOnlyWhatChanged() throws Exception {
        BybitEncoder enc = new BybitEncoder(linear);
        String first = enc.tickerFrame("BTC-USDT", new Quote().set(1_000_000_000L, 0, 100, 1, 101, 2));
        String second = enc.tickerFrame("BTC-USDT", new Quote().set(2_000_000_000L, 0, 100, 1, 101, 2.5));
        assertTrue(first.startsWith("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"snapshot\",\"data\":{\"symbol\":\"BTCUSDT\","
                + "\"bid1Price\":\"100\",\"bid1Size\":\"1\",\"ask1Price\":\"101\",\"ask1Size\":\"2\"},\"cs\":"), first);
        assertTrue(second.startsWith("{\"topic\":\"tickers.BTCUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSDT\","
                + "\"ask1Size\":\"2.5\"},\"cs\":"), second);
        assertTrue(second.endsWith(",\"ts\":2000}"), second);
    }

    @Test
    void spotTickerFramesAreTheTopLevel() throws Exception {
        BybitProtocol spot = BybitProtocol.spot();
        BybitEncoder enc = new BybitEncoder(spot);
        enc.parseSubscribe(spot.subscribeFrames(List.of(BTC_TICKER)).get(0));
        String first = enc.tickerFrame("BTC-USDT", new Quote().set(1_000_000_000L, 0, 100, 1, 101, 2));
        String moved = enc.tickerFrame("BTC-USDT", new Quote().set(2_000_000_000L, 0, 100.5, 3, 101, 2));
        assertTrue(first.startsWith("{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1000,"
                + "\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"100\",\"1\"]],\"a\":[[\"101\",\"2\"]],\"u\":1,"), first);
        assertTrue(moved.startsWith("{\"topic\":\"orderbook.1.BTCUSDT\",\"type\":\"delta\",\"ts\":2000,"
                + "\"data\":{\"s\":\"BTCUSDT\",\"b\":[[\"100\",\"0\"],[\"100.5\",\"3\"]],\"a\":[],\"u\":2,"), moved);
        FrameDecoder d = spot.newDecoder(List.of(BTC_TICKER));
        decode(d, first, 1, sink);
        decode(d, moved, 1, sink);
        Quote q = assertInstanceOf(Quote.class, sink.events.get(1).event());
        assertEquals(100.5, q.bidPrice());
        assertEquals(3.0, q.bidSize());
        assertEquals(101.0, q.askPrice());
        assertEquals(2.0, q.askSize());
    }

    @Test
    void decimalsAreExactAndPlain() {
        assertEquals("0", BybitEncoder.decimal(0));
        assertEquals("27450", BybitEncoder.decimal(27450.0));
        assertEquals("0.0001", BybitEncoder.decimal(1e-4));
        assertEquals("0.00000123", BybitEncoder.decimal(1.23e-6));
        double awkward = 3000001 * 0.01; // 30000.010000000002
        assertEquals(awkward, Double.parseDouble(BybitEncoder.decimal(awkward)));
        assertFalse(BybitEncoder.decimal(awkward).contains("E"));
    }
}

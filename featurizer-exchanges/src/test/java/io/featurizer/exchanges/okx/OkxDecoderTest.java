package io.featurizer.exchanges.okx;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OkxDecoderTest {
    static final Subscription BOOK = new Subscription("BTC-USDT", Channel.L2_BOOK);
    static final Subscription ETH_BOOK = new Subscription("ETH-USDT", Channel.L2_BOOK);
    static final Subscription TRADES = new Subscription("BTC-USDT", Channel.TRADES);
    static final Subscription TICKER = new Subscription("BTC-USDT", Channel.TICKER);

    private final OkxProtocol protocol = new OkxProtocol();
    private final OkxDecoder decoder = (OkxDecoder) protocol.newDecoder(List.of(BOOK, ETH_BOOK, TRADES, TICKER));
    private final RecordingSink sink = new RecordingSink();

    private void decode(String frame) throws MalformedFrameException {
        byte[] b = Fixtures.utf8(frame);
        decoder.decode(b, 0, b.length, 3L, sink);
    }

    private static String books(String action, String inst, String asks, String bids, long checksum, long prev, long seq) {
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"" + inst + "\"},\"action\":\"" + action + "\",\"data\":[{\"asks\":" + asks
                + ",\"bids\":" + bids + ",\"ts\":\"1700000000123\",\"checksum\":" + checksum + ",\"prevSeqId\":" + prev + ",\"seqId\":" + seq + "}]}";
    }

    static final List<String> GARBAGE = List.of(
            "",
            "   ",
            "hello",
            "pongpong",
            "ping",
            "[1,2,3]",
            "{",
            "{\"arg\":",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[\"1\",\"2\"",
            "{\"a\":1,}",
            "{,\"a\":1}",
            "{\"a\" 1}",
            "{\"a\":[}",
            "{\"a\":tru}",
            "{\"a\":1} x",
            "{\"a\":\"unterminated}",
            "{}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}}",
            "{\"arg\":{\"channel\":\"candle1m\",\"instId\":\"BTC-USDT\"},\"data\":[[\"1\"]]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"DOGE-USDT\"},\"action\":\"update\",\"data\":[]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"partial\",\"data\":[{\"asks\":[],\"bids\":[],\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"data\":[{\"asks\":[],\"bids\":[],\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[\"abc\",\"1\",\"0\",\"1\"]],\"bids\":[],\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[\"1\"]],\"bids\":[],\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[[1,2]],\"bids\":[],\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[],\"bids\":[]}]}",
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[],\"bids\":[],\"ts\":\"x\"}]}",
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"px\":\"1\",\"sz\":\"1\",\"side\":\"hold\",\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"px\":\"1\",\"side\":\"buy\",\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"px\":\"\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"1\"}]}",
            "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"bidPx\":\"1\"}]}",
            "\u0000\u0001\u0002",
            "{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":{\"bidPx\":\"1\",\"ts\":\"1\"}}");

    @Test
    void garbageIsMalformedAndTheDecoderCarriesOn() throws Exception {
        String good = books("update", "BTC-USDT", "[[\"101\",\"2\",\"0\",\"1\"]]", "[]", 5, 7, 9);
        for (String g : GARBAGE) {
            MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode(g), () -> "accepted: " + g);
            assertTrue(e.getMessage().startsWith("OKX: "), e.getMessage());
            sink.clear();
            decode(good); // a bad frame leaves no state behind
            assertEquals(1, sink.events.size(), () -> "after " + g);
            assertEquals(101.0, ((BookUpdate) sink.events.get(0)).askPrice(0));
            sink.clear();
        }
    }

    @Test
    void garbageWithAnOffsetIntoALargerBuffer() throws Exception {
        byte[] buf = Fixtures.utf8("xxxx{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"px\":\"2\",\"sz\":\"3\",\"side\":\"sell\",\"tradeId\":\"8\",\"ts\":\"5\"}]}yyyy");
        decoder.decode(buf, 4, buf.length - 8, 1L, sink);
        Trade t = (Trade) sink.events.get(0);
        assertEquals(Side.SELL, t.side());
        assertEquals(2.0, t.price());
        assertEquals(3.0, t.amount());
        assertEquals(8, t.id());
        assertEquals(5_000_000L, t.ts());
        assertThrows(MalformedFrameException.class, () -> decoder.decode(buf, 0, buf.length, 1L, sink));
    }

    @Test
    void fieldsInAnyOrder() throws Exception {
        decode("{\"data\":[{\"seqId\":9,\"prevSeqId\":7,\"checksum\":5,\"ts\":\"1700000000123\",\"bids\":[[\"100.5\",\"1.25\",\"0\",\"3\"]],\"asks\":[]}],"
                + "\"action\":\"update\",\"arg\":{\"instId\":\"ETH-USDT\",\"channel\":\"books\"}}");
        assertEquals(ETH_BOOK, sink.subscriptions.get(0));
        BookUpdate u = (BookUpdate) sink.events.get(0);
        assertEquals(9, u.lastSeq());
        assertEquals(7, u.prevSeq());
        assertEquals(100.5, u.bidPrice(0));
        assertEquals(1.25, u.bidSize(0));
        assertEquals(1_700_000_000_123_000_000L, u.ts());
        assertEquals(List.of(5L), sink.checksums);
    }

    @Test
    void symbolsAreRoutedToTheirSubscription() throws Exception {
        decode(books("snapshot", "ETH-USDT", "[[\"2000\",\"1\",\"0\",\"1\"]]", "[]", 11, -1, 40));
        decode(books("snapshot", "BTC-USDT", "[[\"30000\",\"1\",\"0\",\"1\"]]", "[]", 12, -1, 50));
        assertEquals(List.of(ETH_BOOK, BOOK), sink.subscriptions);
        assertEquals(List.of(11L, 12L), sink.checksums);
    }

    @Test
    void aZeroChecksumIsNotForwarded() throws Exception {
        // OKX's announced deprecation: the field stays but is always 0
        decode(books("snapshot", "BTC-USDT", "[[\"101\",\"2\",\"0\",\"1\"]]", "[]", 0, -1, 1));
        assertEquals(1, sink.events.size());
        assertTrue(sink.checksums.isEmpty());
        // and a push without the field at all
        decode("{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[],\"bids\":[],\"ts\":\"1\",\"prevSeqId\":1,\"seqId\":2}]}");
        assertEquals(2, sink.events.size());
        assertTrue(sink.checksums.isEmpty());
    }

    @Test
    void nonCanonicalDecimalsHoldChecksumsBackUntilTheNextSnapshot() throws Exception {
        decode(books("snapshot", "BTC-USDT", "[[\"101\",\"2\",\"0\",\"1\"]]", "[[\"100\",\"1\",\"0\",\"1\"]]", 21, -1, 1));
        assertEquals(List.of(21L), sink.checksums);
        // "0.10" cannot be rebuilt from its double (0.1): the checksum could never match
        decode(books("update", "BTC-USDT", "[[\"101.5\",\"0.10\",\"0\",\"1\"]]", "[]", 22, 1, 2));
        decode(books("update", "BTC-USDT", "[[\"102\",\"3\",\"0\",\"1\"]]", "[]", 23, 2, 3));
        assertEquals(List.of(21L), sink.checksums);
        assertEquals(1, decoder.nonCanonicalLevels());
        // deleting a level with "0.0" puts no string in the book
        decode(books("update", "BTC-USDT", "[[\"103\",\"0.0\",\"0\",\"0\"]]", "[]", 24, 3, 4));
        assertEquals(1, decoder.nonCanonicalLevels());
        // other symbols are unaffected
        decode(books("snapshot", "ETH-USDT", "[[\"2000\",\"1\",\"0\",\"1\"]]", "[]", 31, -1, 1));
        assertEquals(List.of(21L, 31L), sink.checksums);
        decode(books("snapshot", "BTC-USDT", "[[\"101\",\"2\",\"0\",\"1\"]]", "[]", 25, -1, 9));
        assertEquals(List.of(21L, 31L, 25L), sink.checksums);
    }

    @Test
    void tradesPushWithSeveralTradesGivesOneTradeEach() throws Exception {
        decode("{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":["
                + "{\"instId\":\"BTC-USDT\",\"tradeId\":\"1\",\"px\":\"10\",\"sz\":\"0.5\",\"side\":\"buy\",\"ts\":\"1000\"},"
                + "{\"instId\":\"BTC-USDT\",\"tradeId\":\"2\",\"px\":\"9.5\",\"sz\":\"2\",\"side\":\"sell\",\"ts\":\"1001\"}]}");
        assertEquals(2, sink.events.size());
        Trade a = (Trade) sink.events.get(0);
        Trade b = (Trade) sink.events.get(1);
        assertEquals(Side.BUY, a.side());
        assertEquals(10.0, a.price());
        assertEquals(0.5, a.amount());
        assertEquals(1, a.id());
        assertEquals(1_000_000_000L, a.ts());
        assertEquals(Side.SELL, b.side());
        assertEquals(9.5, b.price());
        assertEquals(2.0, b.amount());
        assertEquals(2, b.id());
        assertEquals(1_001_000_000L, b.ts());
    }

    @Test
    void tickerWithAnEmptySideIsNaN() throws Exception {
        decode("{\"arg\":{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},\"data\":[{\"askPx\":\"\",\"askSz\":\"0\",\"bidPx\":\"5.5\",\"bidSz\":\"2\",\"ts\":\"7\"}]}");
        Quote q = (Quote) sink.events.get(0);
        assertTrue(Double.isNaN(q.askPrice()));
        assertEquals(0.0, q.askSize());
        assertEquals(5.5, q.bidPrice());
        assertEquals(2.0, q.bidSize());
    }

    @Test
    void eventsWithoutData() throws Exception {
        decode("{\"event\":\"unsubscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"connId\":\"a4d3ae55\"}");
        decode("{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The connection will soon be closed for a service upgrade.\",\"connId\":\"a4d3ae55\"}");
        assertEquals(2, sink.heartbeats);
        decode("{\"event\":\"error\",\"code\":60018,\"msg\":\"Wrong URL or channel:books,instId:XYZ doesn't exist.\",\"connId\":\"a4d3ae55\"}");
        assertEquals(List.of("60018: Wrong URL or channel:books,instId:XYZ doesn't exist."), sink.errors);
        decode(" pong\n");
        assertEquals(3, sink.heartbeats);
    }
}

package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.featurizer.exchanges.bybit.RecordingSink.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bybit's option category: its endpoint, depths, per-coin trades topic and ticker fields, in Bybit's v5 message format. */
class BybitOptionsTest {
    private static final String CALL = "BTC-27DEC26-100000-C";
    private static final String PUT = "BTC-27DEC26-90000-P";
    private static final Subscription CALL_TRADES = new Subscription(CALL, Channel.TRADES);
    private static final Subscription PUT_TRADES = new Subscription(PUT, Channel.TRADES);
    private static final Subscription CALL_TICKER = new Subscription(CALL, Channel.TICKER);
    private static final Subscription CALL_BOOK = new Subscription(CALL, Channel.L2_BOOK);
    private static final long MS = 1_000_000L;

    private final RecordingSink sink = new RecordingSink();

    @Test
    void theOptionCategoryHasItsOwnEndpointDepthsAndTopics() {
        assertEquals(BybitCategory.OPTION, BybitCategory.ofInstrumentType("option"));
        assertEquals(BybitCategory.OPTION, BybitCategory.ofInstrumentType("Options"));
        BybitProtocol p = new BybitProtocol(BybitCategory.OPTION);
        assertEquals("wss://stream.bybit.com/v5/public/option", p.defaultWebSocketUri().toString());
        assertEquals(25, p.bookDepth(), "25 unless a config asks for 100");
        assertEquals("orderbook.25." + CALL, p.topic(CALL_BOOK));
        assertEquals("orderbook.100." + CALL, new BybitProtocol(BybitCategory.OPTION, 100).topic(CALL_BOOK));
        assertEquals("publicTrade.BTC", p.topic(CALL_TRADES), "one trades topic per base coin");
        assertEquals("tickers." + CALL, p.topic(CALL_TICKER));
        // two contracts of one coin share one trades topic: subscribed once
        assertEquals(List.of("{\"op\":\"subscribe\",\"args\":[\"publicTrade.BTC\",\"tickers." + CALL + "\"]}"),
                p.subscribeFrames(List.of(CALL_TRADES, PUT_TRADES, CALL_TICKER)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BybitProtocol(BybitCategory.OPTION, 50));
        assertEquals("Bybit option has no orderbook.50 stream; depth must be one of [25, 100]", e.getMessage());
    }

    @Test
    void tradesOfACoinAreRoutedByTheirContract() throws MalformedFrameException {
        FrameDecoder d = new BybitProtocol(BybitCategory.OPTION).newDecoder(List.of(CALL_TRADES, PUT_TRADES));
        String frame = "{\"id\":\"publicTrade.BTC-1\",\"topic\":\"publicTrade.BTC\",\"ts\":1767225600123,\"data\":["
                + "{\"T\":1767225600100,\"s\":\"" + CALL + "\",\"S\":\"Buy\",\"v\":\"0.5\",\"p\":\"2105\",\"i\":\"00000000-0000-0000-0000-00000000002a\",\"BT\":false},"
                + "{\"T\":1767225600110,\"s\":\"BTC-27DEC26-120000-C\",\"S\":\"Sell\",\"v\":\"1\",\"p\":\"400\",\"i\":\"00000000-0000-0000-0000-00000000002b\",\"BT\":false},"
                + "{\"T\":1767225600120,\"s\":\"" + PUT + "\",\"S\":\"Sell\",\"v\":\"0.1\",\"p\":\"1500.5\",\"i\":\"00000000-0000-0000-0000-00000000002c\",\"BT\":false}"
                + "],\"type\":\"snapshot\"}";
        decode(d, frame, 7, sink);
        assertEquals(2, sink.events.size(), "the 120000 call is not subscribed: dropped");
        assertSame(CALL_TRADES, sink.events.get(0).subscription());
        Trade call = assertInstanceOf(Trade.class, sink.events.get(0).event());
        assertEquals(1767225600100L * MS, call.ts());
        assertEquals(Side.BUY, call.side());
        assertEquals(2105.0, call.price());
        assertEquals(0.5, call.amount());
        assertEquals(42, call.id(), "the UUID's low bits, as on linear");
        assertSame(PUT_TRADES, sink.events.get(1).subscription());
        Trade put = assertInstanceOf(Trade.class, sink.events.get(1).event());
        assertEquals(Side.SELL, put.side());
        assertEquals(1500.5, put.price());
        assertEquals(44, put.id());
        assertEquals(1, ((BybitDecoder) d).otherContractTrades());

        String noContract = "{\"topic\":\"publicTrade.BTC\",\"ts\":1,\"data\":[{\"T\":1,\"S\":\"Buy\",\"v\":\"1\",\"p\":\"2\",\"i\":\"x\"}],\"type\":\"snapshot\"}";
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decode(d, noContract, 8, sink));
        assertTrue(e.getMessage().contains("option trade 0 without s"), e.getMessage());
    }

    @Test
    void optionTickersAreWholeQuotesAndAnEmptySideIsNaN() throws MalformedFrameException {
        FrameDecoder d = new BybitProtocol(BybitCategory.OPTION).newDecoder(List.of(CALL_TICKER));
        decode(d, "{\"id\":\"tickers." + CALL + "-1\",\"topic\":\"tickers." + CALL + "\",\"ts\":1767225600500,\"data\":{\"symbol\":\"" + CALL
                + "\",\"bidPrice\":\"2100\",\"bidSize\":\"3.5\",\"bidIv\":\"0.5123\",\"askPrice\":\"2125\",\"askSize\":\"1.2\",\"askIv\":\"0.5301\","
                + "\"lastPrice\":\"2105\",\"markPrice\":\"2111.3\",\"indexPrice\":\"98000\",\"underlyingPrice\":\"98120\",\"delta\":\"0.41\"},"
                + "\"type\":\"snapshot\"}", 9, sink);
        Quote q = assertInstanceOf(Quote.class, sink.only());
        assertEquals(1767225600500L * MS, q.ts());
        assertEquals(9, q.receiptTs());
        assertEquals(2100.0, q.bidPrice());
        assertEquals(3.5, q.bidSize());
        assertEquals(2125.0, q.askPrice());
        assertEquals(1.2, q.askSize());
        sink.clear();
        // nobody bids: Bybit writes price and size 0
        decode(d, "{\"topic\":\"tickers." + CALL + "\",\"ts\":1767225600600,\"data\":{\"symbol\":\"" + CALL
                + "\",\"bidPrice\":\"0\",\"bidSize\":\"0\",\"bidIv\":\"0\",\"askPrice\":\"10\",\"askSize\":\"5.1\",\"askIv\":\"0.514\"},"
                + "\"type\":\"snapshot\"}", 10, sink);
        Quote oneSided = assertInstanceOf(Quote.class, sink.only());
        assertTrue(Double.isNaN(oneSided.bidPrice()), "no bid is no price, not a bid at 0");
        assertEquals(0.0, oneSided.bidSize());
        assertEquals(10.0, oneSided.askPrice());
        assertEquals(5.1, oneSided.askSize());
    }
}

package io.featurizer.exchanges.binance;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.featurizer.exchanges.binance.RecordingSink.fixture;
import static io.featurizer.exchanges.binance.RecordingSink.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every fixture file, with the expected values read off the fixture texts by hand. */
class BinanceFixtureDecodingTest {
    private static final long RECEIPT = 1_700_000_000_123_456_789L;
    private static final long MS = 1_000_000L;

    private static List<Subscription> subs(String... symbols) {
        List<Subscription> list = new java.util.ArrayList<>();
        for (String s : symbols) {
            for (Channel c : Channel.values()) {
                list.add(new Subscription(s, c));
            }
        }
        return list;
    }

    private final FrameDecoder spot = BinanceProtocol.spot().newDecoder(subs("BNB-BTC", "BNB-USDT"));
    private final FrameDecoder futures = BinanceProtocol.futures().newDecoder(subs("BTC-USDT", "BNB-USDT"));
    private final RecordingSink sink = new RecordingSink();

    private void decode(FrameDecoder decoder, byte[] frame) throws MalformedFrameException {
        decoder.decode(frame, 0, frame.length, RECEIPT, sink);
    }

    private static byte[] combined(String stream, byte[] raw) {
        return utf8("{\"stream\":\"" + stream + "\",\"data\":" + new String(raw, StandardCharsets.UTF_8) + "}");
    }

    // ---- USD-M futures stream payloads (raw) ----

    @Test
    void futuresDepthUpdate() throws Exception {
        decode(futures, fixture("futures/depth_update_stream.json"));
        BookUpdate b = sink.only(BookUpdate.class);
        assertEquals(new Subscription("BTC-USDT", Channel.L2_BOOK), sink.subscriptions.get(0));
        assertFalse(b.isSnapshot());
        assertEquals(123456789L * MS, b.ts()); // E
        assertEquals(RECEIPT, b.receiptTs());
        assertEquals(157, b.firstSeq()); // U
        assertEquals(160, b.lastSeq()); // u
        assertEquals(149, b.prevSeq()); // pu
        assertEquals(1, b.bidCount());
        assertEquals(0.0024, b.bidPrice(0));
        assertEquals(10.0, b.bidSize(0));
        assertEquals(1, b.askCount());
        assertEquals(0.0026, b.askPrice(0));
        assertEquals(100.0, b.askSize(0));
    }

    @Test
    void futuresDepthUpdateInTheCombinedStreamEnvelope() throws Exception {
        decode(futures, combined("btcusdt@depth@100ms", fixture("futures/depth_update_stream.json")));
        BookUpdate b = sink.only(BookUpdate.class);
        assertEquals(157, b.firstSeq());
        assertEquals(160, b.lastSeq());
        assertEquals(149, b.prevSeq());
        assertEquals(0.0026, b.askPrice(0));
    }

    @Test
    void futuresAggTrade() throws Exception {
        decode(futures, fixture("futures/agg_trade_stream.json"));
        Trade t = sink.only(Trade.class);
        assertEquals(new Subscription("BTC-USDT", Channel.TRADES), sink.subscriptions.get(0));
        assertEquals(123456789L * MS, t.ts());
        assertEquals(Side.SELL, t.side()); // "m": true: the buyer made, the taker sold
        assertEquals(0.001, t.price());
        assertEquals(100.0, t.amount());
        assertEquals(5933014L, t.id()); // "a"
    }

    @Test
    void futuresTrade() throws Exception {
        decode(futures, combined("btcusdt@trade", fixture("futures/trade_stream.json")));
        Trade t = sink.only(Trade.class);
        assertEquals(123456789L * MS, t.ts());
        assertEquals(Side.SELL, t.side());
        assertEquals(0.001, t.price());
        assertEquals(100.0, t.amount());
        assertEquals(5933014L, t.id()); // "t"
    }

    @Test
    void futuresBookTicker() throws Exception {
        decode(futures, fixture("futures/book_ticker_stream.json"));
        Quote q = sink.only(Quote.class);
        assertEquals(new Subscription("BNB-USDT", Channel.TICKER), sink.subscriptions.get(0));
        assertEquals(1568014460893L * MS, q.ts()); // E
        assertEquals(RECEIPT, q.receiptTs());
        assertEquals(25.3519, q.bidPrice());
        assertEquals(31.21, q.bidSize());
        assertEquals(25.3652, q.askPrice());
        assertEquals(40.66, q.askSize());
    }

    @Test
    void futuresMarkPriceIsADerivativeTicker() throws Exception {
        decode(futures, fixture("futures/mark_price_stream.json"));
        DerivativeTicker t = sink.only(DerivativeTicker.class);
        assertEquals(new Subscription("BTC-USDT", Channel.DERIVATIVE_TICKER), sink.subscriptions.get(0));
        assertEquals(1562305380000L * MS, t.ts()); // E
        assertEquals(RECEIPT, t.receiptTs());
        assertEquals(11794.15, t.markPrice()); // p
        assertEquals(11784.62659091, t.indexPrice()); // i
        assertEquals(0.00038167, t.fundingRate()); // r
        assertEquals(1562306400000L * MS, t.nextFundingTime()); // T
        assertTrue(Double.isNaN(t.openInterest()), "REST only");
        assertTrue(Double.isNaN(t.lastPrice()) && Double.isNaN(t.predictedFundingRate()), "P is the estimated settle price, not a rate");
    }

    @Test
    void futuresMarkPriceRecordedInTheCombinedEnvelope() throws Exception {
        decode(futures, fixture("futures/mark_price_stream_combined_recorded.json"));
        DerivativeTicker t = sink.only(DerivativeTicker.class);
        assertEquals(1597536008000L * MS, t.ts());
        assertEquals(11857.56, t.markPrice());
        assertEquals(11851.86949091, t.indexPrice());
        assertEquals(0.0001564, t.fundingRate());
        assertEquals(1597564800000L * MS, t.nextFundingTime());
    }

    @Test
    void futuresForceOrderIsALiquidationWithTheOrdersSide() throws Exception {
        decode(futures, fixture("futures/liquidation_stream.json"));
        Liquidation l = sink.only(Liquidation.class);
        assertEquals(new Subscription("BTC-USDT", Channel.LIQUIDATIONS), sink.subscriptions.get(0));
        assertEquals(Side.SELL, l.side()); // o.S: a long was liquidated
        assertEquals(9910.0, l.price()); // o.p
        assertEquals(0.014, l.amount()); // o.z, filled
        assertEquals(1568014460893L * MS, l.ts()); // o.T
        assertEquals(0, l.id());
        assertTrue(sink.errors.isEmpty());
    }

    @Test
    void futuresOpenInterestComesFromRest() throws Exception {
        assertEquals("/fapi/v1/openInterest?symbol=BTCUSDT", BinanceProtocol.futures().restOpenInterestPath("BTC-USDT"));
        assertEquals(null, BinanceProtocol.spot().restOpenInterestPath("BTC-USDT"));
        DerivativeTicker t = new DerivativeTicker().reset(0, 0);
        BinanceProtocol.futures().decodeOpenInterest(fixture("futures/http_open_interest.json"), t);
        assertEquals(10659.509, t.openInterest()); // "openInterest": "10659.509"
        assertThrows(MalformedFrameException.class, () -> BinanceProtocol.futures().decodeOpenInterest(
                utf8("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"), t));
    }

    @Test
    void spotHasNoDerivativesStreams() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BinanceProtocol.spot().subscribeFrames(List.of(new Subscription("BTC-USDT", Channel.DERIVATIVE_TICKER))));
        assertTrue(e.getMessage().contains("BINANCE_FUTURES"), e.getMessage());
        assertEquals(List.of("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@markPrice@1s\",\"btcusdt@forceOrder\"],\"id\":1}"),
                BinanceProtocol.futures().subscribeFrames(List.of(new Subscription("BTC-USDT", Channel.DERIVATIVE_TICKER),
                        new Subscription("BTC-USDT", Channel.LIQUIDATIONS))));
    }

    // ---- spot stream payloads (combined envelope) ----

    @Test
    void spotDepthUpdateHasNoPreviousId() throws Exception {
        decode(spot, fixture("spot/depth_update_stream.json"));
        BookUpdate b = sink.only(BookUpdate.class);
        assertEquals(new Subscription("BNB-BTC", Channel.L2_BOOK), sink.subscriptions.get(0));
        assertEquals(1672515782136L * MS, b.ts());
        assertEquals(157, b.firstSeq());
        assertEquals(160, b.lastSeq());
        assertEquals(-1, b.prevSeq());
        assertEquals(2, b.bidCount());
        assertEquals(0.0024, b.bidPrice(0));
        assertEquals(10.0, b.bidSize(0));
        assertEquals(0.0023, b.bidPrice(1));
        assertEquals(0.0, b.bidSize(1)); // "0": delete the level
        assertEquals(1, b.askCount());
        assertEquals(0.0026, b.askPrice(0));
        assertEquals(100.0, b.askSize(0));
    }

    @Test
    void spotTrade() throws Exception {
        decode(spot, fixture("spot/trade_stream.json"));
        Trade t = sink.only(Trade.class);
        assertEquals(new Subscription("BNB-BTC", Channel.TRADES), sink.subscriptions.get(0));
        assertEquals(1672515782136L * MS, t.ts());
        assertEquals(Side.SELL, t.side());
        assertEquals(0.001, t.price());
        assertEquals(100.0, t.amount());
        assertEquals(12345L, t.id()); // "t", not the order ids "b"/"a"
    }

    @Test
    void spotAggTradeWithABuyingTaker() throws Exception {
        decode(spot, fixture("spot/agg_trade_stream.json"));
        Trade t = sink.only(Trade.class);
        assertEquals(Side.BUY, t.side()); // "m": false: the seller made, the taker bought
        assertEquals(12345L, t.id());
        assertEquals(0.001, t.price());
        assertEquals(100.0, t.amount());
    }

    @Test
    void spotBookTickerHasNoTimeSoTheReceiptTimeIsUsed() throws Exception {
        decode(spot, fixture("spot/book_ticker_stream.json"));
        Quote q = sink.only(Quote.class);
        assertEquals(new Subscription("BNB-USDT", Channel.TICKER), sink.subscriptions.get(0));
        assertEquals(RECEIPT, q.ts());
        assertEquals(25.3519, q.bidPrice());
        assertEquals(31.21, q.bidSize());
        assertEquals(25.3652, q.askPrice());
        assertEquals(40.66, q.askSize());
    }

    @Test
    void spotBookTickerAlsoRecognisedOnARawStream() throws Exception {
        byte[] raw = utf8("{\"u\":400900217,\"s\":\"BNBUSDT\",\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}");
        decode(spot, raw);
        assertEquals(25.3652, sink.only(Quote.class).askPrice());
    }

    // ---- REST bodies ----

    @Test
    void spotRestDepthSnapshot() throws Exception {
        BookUpdate s = new BookUpdate();
        BinanceProtocol.spot().decodeRestSnapshot(fixture("spot/depth_response.json"), "LTC-BTC", RECEIPT, s);
        assertTrue(s.isSnapshot());
        assertEquals(1027024, s.firstSeq());
        assertEquals(1027024, s.lastSeq());
        assertEquals(-1, s.prevSeq());
        assertEquals(RECEIPT, s.ts()); // spot's depth has no time
        assertEquals(1, s.bidCount());
        assertEquals(4.0, s.bidPrice(0));
        assertEquals(431.0, s.bidSize(0));
        assertEquals(1, s.askCount());
        assertEquals(4.000002, s.askPrice(0));
        assertEquals(12.0, s.askSize(0));
    }

    @Test
    void futuresRestDepthSnapshot() throws Exception {
        BookUpdate s = new BookUpdate();
        BinanceProtocol.futures().decodeRestSnapshot(fixture("futures/depth_response.json"), "BTC-USDT", RECEIPT, s);
        assertTrue(s.isSnapshot());
        assertEquals(1027024, s.lastSeq());
        assertEquals(1589436922972L * MS, s.ts()); // E
        assertEquals(RECEIPT, s.receiptTs());
        assertEquals(2, s.bidCount());
        assertEquals(4.0, s.bidPrice(0));
        assertEquals(3.99, s.bidPrice(1));
        assertEquals(9.0, s.bidSize(1));
        assertEquals(1, s.askCount());
        assertEquals(4.000002, s.askPrice(0));
    }

    @Test
    void restDepthSnapshotReusesTheTargetEvent() throws Exception {
        BookUpdate s = new BookUpdate();
        BinanceProtocol.futures().decodeRestSnapshot(fixture("futures/depth_response.json"), "BTC-USDT", RECEIPT, s);
        BinanceProtocol.spot().decodeRestSnapshot(fixture("spot/depth_response.json"), "BTC-USDT", RECEIPT, s);
        assertEquals(1, s.bidCount()); // the earlier snapshot's levels are gone
    }

    @Test
    void restBodiesOtherThanDepthAreNotStreamFrames() {
        MalformedFrameException tickers = assertThrows(MalformedFrameException.class,
                () -> decode(spot, fixture("spot/book_ticker_response.json")));
        assertTrue(tickers.getMessage().contains("expected a stream event"), tickers.getMessage());
        MalformedFrameException trades = assertThrows(MalformedFrameException.class,
                () -> decode(spot, fixture("spot/trades_response.json")));
        assertTrue(trades.getMessage().contains("expected a JSON object"), trades.getMessage());
        assertTrue(sink.events.isEmpty());
    }

    @Test
    void restErrorBodyIsReportedAsTheVenueError() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> BinanceProtocol.spot()
                .decodeRestSnapshot(utf8("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"), "FOO-BAR", RECEIPT, new BookUpdate()));
        assertTrue(e.getMessage().contains("-1121") && e.getMessage().contains("Invalid symbol."), e.getMessage());
    }

    @Test
    void restDepthWithoutLastUpdateIdIsRejected() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> BinanceProtocol.spot()
                .decodeRestSnapshot(utf8("{\"bids\":[],\"asks\":[]}"), "BTC-USDT", RECEIPT, new BookUpdate()));
        assertTrue(e.getMessage().contains("lastUpdateId"), e.getMessage());
    }
}

package io.featurizer.exchanges.okx;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OKX funding-rate, open-interest, mark-price and index-tickers merged into derivative tickers, and liquidation-orders, against the sample files read by hand. */
class OkxDerivativesDecodingTest {
    private static final long MS = 1_000_000L;
    private static final long RECEIPT = 1_700_000_000_123_456_789L;
    private static final Subscription BTC_USDT_SWAP = new Subscription("BTC-USDT-SWAP", Channel.DERIVATIVE_TICKER);
    private static final Subscription BTC_USD_SWAP = new Subscription("BTC-USD-SWAP", Channel.DERIVATIVE_TICKER);
    private static final Subscription WNCG = new Subscription("WNCG-USDT-SWAP", Channel.DERIVATIVE_TICKER);
    private static final Subscription LTC_FUTURE = new Subscription("LTC-USD-190628", Channel.DERIVATIVE_TICKER);
    private static final Subscription IOST_LIQUIDATIONS = new Subscription("IOST-USDT-SWAP", Channel.LIQUIDATIONS);
    private static final Subscription XRP_LIQUIDATIONS = new Subscription("XRP-USD-230929", Channel.LIQUIDATIONS);

    private final FrameDecoder decoder = new OkxProtocol().newDecoder(List.of(BTC_USDT_SWAP, BTC_USD_SWAP, WNCG, LTC_FUTURE,
            IOST_LIQUIDATIONS, XRP_LIQUIDATIONS));
    private final RecordingSink sink = new RecordingSink();

    private void decode(String fixture) throws MalformedFrameException {
        byte[] b = Fixtures.bytes(fixture);
        decoder.decode(b, 0, b.length, RECEIPT, sink);
    }

    private DerivativeTicker last(Subscription expected) {
        assertEquals(expected, sink.subscriptions.get(sink.subscriptions.size() - 1));
        return (DerivativeTicker) sink.events.get(sink.events.size() - 1);
    }

    @Test
    void fourChannelsMergeIntoOneTickerPerInstrument() throws Exception {
        decode("ws_open_interest.json");
        DerivativeTicker t = last(BTC_USDT_SWAP);
        assertEquals(1743041250440L * MS, t.ts());
        assertEquals(2216113.01000000309, t.openInterest()); // oi, contracts
        assertTrue(Double.isNaN(t.markPrice()) && Double.isNaN(t.fundingRate()), "not known yet");
        // the index BTC-USDT is BTC-USDT-SWAP's (not BTC-USD-SWAP's): merged into its ticker
        decode("ws_index_tickers.json");
        assertEquals(2, sink.events.size());
        t = last(BTC_USDT_SWAP);
        assertEquals(1597026383085L * MS, t.ts());
        assertEquals(0.1, t.indexPrice()); // idxPx
        assertEquals(2216113.01000000309, t.openInterest(), "kept");
    }

    @Test
    void fundingRateWithItsTimeAndThePredictedRate() throws Exception {
        decode("ws_funding_rate.json");
        DerivativeTicker t = last(BTC_USD_SWAP);
        assertEquals(0.0001875391284828, t.fundingRate());
        assertTrue(Double.isNaN(t.predictedFundingRate()), "nextFundingRate is \"\"");
        assertEquals(1700726400000L * MS, t.nextFundingTime(), "fundingTime: when the current rate is paid");
        assertEquals(1700724675402L * MS, t.ts());
        decode("ws_funding_rate_recorded.json");
        t = last(WNCG);
        assertEquals(0.00048105, t.fundingRate());
        assertEquals(0.00114, t.predictedFundingRate());
        assertEquals(1640131200000L * MS, t.nextFundingTime());
        assertEquals(RECEIPT, t.ts(), "no ts in the push: the receipt time");
    }

    @Test
    void markPriceOfAFuture() throws Exception {
        decode("ws_mark_price.json");
        DerivativeTicker t = last(LTC_FUTURE);
        assertEquals(0.1, t.markPrice());
        assertEquals(1597026383085L * MS, t.ts());
    }

    @Test
    void liquidationOrdersOfTheSubscribedInstruments() throws Exception {
        decode("ws_liquidation_orders.json");
        Liquidation l = (Liquidation) sink.events.get(0);
        assertEquals(IOST_LIQUIDATIONS, sink.subscriptions.get(0));
        assertEquals(Side.BUY, l.side(), "side buy, posSide short: a short liquidated by a buy order");
        assertEquals(0.007831, l.price()); // bkPx
        assertEquals(13, l.amount()); // sz
        assertEquals(1692266434010L * MS, l.ts());
        decode("ws_liquidation_orders_recorded.json");
        l = (Liquidation) sink.events.get(1);
        assertEquals(XRP_LIQUIDATIONS, sink.subscriptions.get(1));
        assertEquals(0.55205, l.price());
        assertEquals(39, l.amount());
        // another instrument of the same type is dropped, not an error
        FrameDecoder onlyXrp = new OkxProtocol().newDecoder(List.of(XRP_LIQUIDATIONS, new Subscription("BTC-USDT-SWAP", Channel.LIQUIDATIONS)));
        RecordingSink other = new RecordingSink();
        byte[] b = Fixtures.bytes("ws_liquidation_orders.json");
        onlyXrp.decode(b, 0, b.length, RECEIPT, other);
        assertTrue(other.events.isEmpty() && other.errors.isEmpty());
    }

    @Test
    void subscribesTheFourChannelsAndTheInstrumentTypesLiquidations() {
        assertEquals(List.of("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"funding-rate\",\"instId\":\"BTC-USDT-SWAP\"},"
                        + "{\"channel\":\"open-interest\",\"instId\":\"BTC-USDT-SWAP\"},{\"channel\":\"mark-price\",\"instId\":\"BTC-USDT-SWAP\"},"
                        + "{\"channel\":\"index-tickers\",\"instId\":\"BTC-USDT\"},{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"}]}"),
                new OkxProtocol().subscribeFrames(List.of(BTC_USDT_SWAP, IOST_LIQUIDATIONS, new Subscription("BTC-USDT-SWAP", Channel.LIQUIDATIONS))));
    }
}

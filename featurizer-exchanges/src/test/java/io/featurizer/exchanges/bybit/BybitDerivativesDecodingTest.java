package io.featurizer.exchanges.bybit;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Side;
import io.featurizer.exchanges.protocol.Channel;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.Subscription;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.featurizer.exchanges.bybit.RecordingSink.decode;
import static io.featurizer.exchanges.bybit.RecordingSink.fixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bybit tickers (snapshot and merged deltas) as derivative tickers and allLiquidation, against the sample files read by hand. */
class BybitDerivativesDecodingTest {
    private static final long MS = 1_000_000L;
    private static final Subscription BTC_DERIVATIVE = new Subscription("BTC-USDT", Channel.DERIVATIVE_TICKER);
    private final RecordingSink sink = new RecordingSink();

    @Test
    void linearTickerSnapshotIsADerivativeTicker() throws Exception {
        FrameDecoder d = BybitProtocol.linear().newDecoder(List.of(BTC_DERIVATIVE));
        decode(d, fixture("ws_ticker_linear.json"), 7, sink);
        DerivativeTicker t = (DerivativeTicker) sink.only();
        assertEquals(BTC_DERIVATIVE, sink.events.get(0).subscription());
        assertEquals(1673272861686L * MS, t.ts());
        assertEquals(7, t.receiptTs());
        assertEquals(-0.000212, t.fundingRate());
        assertEquals(1673280000000L * MS, t.nextFundingTime());
        assertEquals(68744.761, t.openInterest());
        assertEquals(17217.33, t.markPrice());
        assertEquals(17227.36, t.indexPrice());
        assertEquals(17216.00, t.lastPrice());
        assertTrue(Double.isNaN(t.predictedFundingRate()));
    }

    @Test
    void deltasCarryOnlyWhatChangedAndMergeIntoTheLastValues() throws Exception {
        Subscription inverse = new Subscription("BTC-USD", Channel.DERIVATIVE_TICKER);
        Subscription quote = new Subscription("BTC-USD", Channel.TICKER);
        FrameDecoder d = BybitProtocol.linear().newDecoder(List.of(inverse, quote));
        decode(d, fixture("ws_ticker_inverse_snapshot.json"), 1, sink);
        assertEquals(2, sink.events.size(), "one topic, two channels");
        sink.clear();
        decode(d, fixture("ws_ticker_inverse_delta.json"), 2, sink);
        DerivativeTicker t = (DerivativeTicker) sink.events.stream().filter(r -> r.subscription().equals(inverse)).findFirst().orElseThrow().event();
        assertEquals(1680673822776L * MS, t.ts());
        assertEquals(449736674, t.openInterest(), "from the delta");
        assertEquals(0.0001, t.fundingRate(), "from the delta");
        assertEquals(28560.00, t.markPrice(), "kept from the snapshot");
        assertEquals(28566.94, t.indexPrice(), "kept from the snapshot");
        assertEquals(28560.00, t.lastPrice(), "kept from the snapshot");
        assertEquals(1680681600000L * MS, t.nextFundingTime(), "kept from the snapshot");
        Quote q = (Quote) sink.events.stream().filter(r -> r.subscription().equals(quote)).findFirst().orElseThrow().event();
        assertEquals(28560.50, q.askPrice());
        sink.clear();
        // a delta of the quote alone moves no derivatives field: no derivative ticker
        decode(d, "{\"topic\":\"tickers.BTCUSD\",\"type\":\"delta\",\"data\":{\"symbol\":\"BTCUSD\",\"bid1Size\":\"5\"},\"cs\":1,\"ts\":1680673822876}", 3, sink);
        assertEquals(List.of(quote), sink.events.stream().map(RecordingSink.Received::subscription).toList());
    }

    @Test
    void allLiquidationSideIsThePositionsSoTheOrderIsTheOther() throws Exception {
        Subscription rose = new Subscription("ROSE-USDT", Channel.LIQUIDATIONS);
        FrameDecoder d = BybitProtocol.linear().newDecoder(List.of(rose));
        decode(d, fixture("ws_all_liquidation.json"), 3, sink);
        Liquidation l = (Liquidation) sink.only();
        assertEquals(rose, sink.events.get(0).subscription());
        assertEquals(1739502302929L * MS, l.ts()); // T
        assertEquals(Side.BUY, l.side(), "S: Sell is a short position liquidated, by a buy order");
        assertEquals(0.04499, l.price());
        assertEquals(20000, l.amount());
        assertEquals("allLiquidation.ROSEUSDT", BybitProtocol.linear().topic(rose));
    }

    @Test
    void spotHasNoDerivativesTopics() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BybitProtocol.spot().topic(new Subscription("BTC-USDT", Channel.LIQUIDATIONS)));
        assertTrue(e.getMessage().contains("perpetual"), e.getMessage());
    }
}

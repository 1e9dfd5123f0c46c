package io.featurizer.exchanges.live;

import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.binance.BinanceProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binance USD-M derivatives data live over loopback WebSocket against the simulator: every mark price
 * update and liquidation the simulator sends arrives decoded with the values sent (times at the wire's
 * millisecond), and the derivatives features run on them.
 */
class DerivativesLiveSimulatorTest {
    static final long MS = 1_000_000L;

    @Test
    void binanceMarkPriceAndLiquidationsArriveAsSent() throws Exception {
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(23).withRates(200, 100, 50);
        BinanceProtocol futures = BinanceProtocol.futures();
        try (ExchangeSimulator sim = new ExchangeSimulator(futures, futures.newEncoder(), List.of("BTC-USDT"), market).start(0)) {
            List<Event> sent = Collections.synchronizedList(new ArrayList<>());
            sim.tapDerivatives((symbol, e) -> sent.add(e.copy()));
            Map<String, Object> venue = Map.of("exchange", "BINANCE_FUTURES", "instrument_type", "perpetual", "symbol", "BTC-USDT");
            Feature ticker = Features.dataSource("derivative_ticker", venue);
            Feature liquidations = Features.dataSource("liquidations", venue);
            Feature basis = Features.feature("derivatives.mark_index_basis", Map.of(), ticker);
            Feature volume = Features.feature("derivatives.liquidation_volume", Map.of("window", "5s"), liquidations);
            FeatureStreamGraph graph = FeatureStreamGraph.builder(List.of(ticker, liquidations, basis, volume)).build();
            List<Event> received = Collections.synchronizedList(new ArrayList<>());
            List<Event> basisOut = Collections.synchronizedList(new ArrayList<>());
            List<Event> volumeOut = Collections.synchronizedList(new ArrayList<>());
            graph.getStream(ticker).subscribe((f, e) -> received.add(e.copy()));
            graph.getStream(liquidations).subscribe((f, e) -> received.add(e.copy()));
            graph.getStream(basis).subscribe((f, e) -> basisOut.add(e.copy()));
            graph.getStream(volume).subscribe((f, e) -> volumeOut.add(e.copy()));
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(
                    Map.of("BINANCE_FUTURES", sim.webSocketUri()), Map.of("BINANCE_FUTURES", sim.restUri())),
                    1 << 14, new ReconnectPolicy(50, 500, 0.2), 5_000, DeliveryMode.HAND_OFF);
            emitter.feed(graph);
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("subscribed", () -> sim.subscriptions() == 2);
                sim.step(3_500); // about 10 s of market time: 10 tickers, about 100 liquidations
                LiveFeedSimulatorTest.waitFor("every frame sent arrives", () -> received.size() == sent.size());
            } finally {
                emitter.stop();
            }
            long tickers = sent.stream().filter(e -> e instanceof DerivativeTicker).count();
            assertTrue(tickers >= 8 && sent.size() - tickers >= 30, tickers + " tickers, " + (sent.size() - tickers) + " liquidations sent");
            for (int i = 0; i < sent.size(); i++) {
                Event s = sent.get(i), r = received.get(i);
                assertEquals(s.ts() / MS * MS, r.ts(), "event " + i + ": the wire carries milliseconds");
                if (s instanceof DerivativeTicker st) {
                    DerivativeTicker rt = (DerivativeTicker) r;
                    assertEquals(st.markPrice(), rt.markPrice(), "mark " + i);
                    assertEquals(st.indexPrice(), rt.indexPrice(), "index " + i);
                    assertEquals(st.fundingRate(), rt.fundingRate(), "funding " + i);
                    assertEquals(st.nextFundingTime(), rt.nextFundingTime(), "next funding " + i);
                    assertTrue(Double.isNaN(rt.openInterest()), "Binance streams no open interest");
                } else {
                    Liquidation sl = (Liquidation) s, rl = (Liquidation) r;
                    assertEquals(sl.side(), rl.side(), "side " + i);
                    assertEquals(sl.price(), rl.price(), "price " + i);
                    assertEquals(sl.amount(), rl.amount(), "amount " + i);
                }
            }
            assertEquals(sent.size() - tickers, volumeOut.size(), "one liquidation volume per liquidation");
            assertTrue(!basisOut.isEmpty(), "the basis ran on the live tickers");
            DerivativeTicker first = (DerivativeTicker) sent.stream().filter(e -> e instanceof DerivativeTicker).findFirst().orElseThrow();
            assertEquals((first.markPrice() - first.indexPrice()) / first.indexPrice() * 10_000, basisOut.get(0).getDouble(0), 1e-9);
        }
    }

    @Test
    void aVenueThatDoesNotStreamDerivativesIsRefusedAtRegistration() {
        LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of(), Map.of()),
                1 << 10, new ReconnectPolicy(50, 500, 0.2), 5_000, DeliveryMode.HAND_OFF);
        Feature okx = Features.dataSource("liquidations", Map.of("exchange", "DERIBIT", "instrument_type", "perpetual", "symbol", "BTC-PERPETUAL"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> emitter.registerCallback(okx, (f, ev) -> { }));
        assertTrue(e.getMessage().contains("does not stream liquidations live"), e.getMessage());
    }
}

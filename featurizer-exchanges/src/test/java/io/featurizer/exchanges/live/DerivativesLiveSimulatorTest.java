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
import io.featurizer.exchanges.bybit.BybitEncoder;
import io.featurizer.exchanges.bybit.BybitProtocol;
import io.featurizer.exchanges.okx.OkxEncoder;
import io.featurizer.exchanges.okx.OkxProtocol;
import io.featurizer.exchanges.protocol.VenueEncoder;
import io.featurizer.exchanges.protocol.VenueProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Derivatives data live over loopback WebSocket against the simulator (Binance USD-M, Bybit linear, OKX swaps): every
 * derivative ticker and liquidation the simulator sends arrives decoded with the values sent (times at the
 * wire's millisecond; Bybit's deltas and OKX's four channels merged back into whole tickers), and the derivatives features run on them.
 */
class DerivativesLiveSimulatorTest {
    static final long MS = 1_000_000L;
    static final double SIMULATOR_START_OPEN_INTEREST = 50_000;

    /**
     * @param deltas          a ticker whose fields all equal the last one's sends nothing (Bybit)
     * @param pushesPerTicker frames a ticker is sent as, each decoded to the merged ticker (OKX: four channels)
     */
    record Venue(String exchange, String symbol, VenueProtocol protocol, VenueEncoder encoder, boolean deltas, int pushesPerTicker,
                 boolean openInterest, boolean lastPrice) {
        @Override
        public String toString() {
            return exchange;
        }
    }

    static Stream<Venue> venues() {
        BybitProtocol bybit = BybitProtocol.linear();
        return Stream.of(new Venue("BINANCE_FUTURES", "BTC-USDT", BinanceProtocol.futures(), BinanceProtocol.futures().newEncoder(), false, 1,
                        false, false),
                new Venue("BYBIT", "BTC-USDT", bybit, new BybitEncoder(bybit), true, 1, true, true),
                new Venue("OKX", "BTC-USDT-SWAP", new OkxProtocol(), new OkxEncoder(), false, 4, true, false));
    }

    /**
     * What a client should receive of what was sent: on a venue sending deltas (Bybit), a ticker whose
     * fields all equal the previous one's is a delta with nothing in it, which emits nothing.
     */
    static List<Event> expected(List<Event> sent, boolean deltas) {
        List<Event> out = new ArrayList<>();
        DerivativeTicker previous = null;
        for (Event e : sent) {
            if (e instanceof DerivativeTicker t) {
                if (deltas && previous != null && t.sameValues(previous)) {
                    continue;
                }
                previous = t;
            }
            out.add(e);
        }
        return out;
    }

    /** The received events with each ticker's last push only (the merged ticker once every channel of it arrived). */
    static List<Event> complete(List<Event> received, int pushesPerTicker) {
        List<Event> out = new ArrayList<>();
        int tickers = 0;
        for (Event e : received) {
            if (!(e instanceof DerivativeTicker) || ++tickers % pushesPerTicker == 0) {
                out.add(e);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("venues")
    void derivativeTickersAndLiquidationsArriveAsSent(Venue v) throws Exception {
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(23).withRates(200, 100, 50);
        try (ExchangeSimulator sim = new ExchangeSimulator(v.protocol(), v.encoder(), List.of(v.symbol()), market).start(0)) {
            List<Event> sent = Collections.synchronizedList(new ArrayList<>());
            // the ticker's fields the venue's stream carries: Binance's markPrice has no open interest or last price
            sim.tapDerivatives((symbol, e) -> sent.add(e.copy()));
            Map<String, Object> venue = Map.of("exchange", v.exchange(), "instrument_type", "perpetual", "symbol", v.symbol());
            Feature ticker = Features.dataSource("derivative_ticker", venue);
            Feature liquidations = Features.dataSource("liquidations", venue);
            Feature basis = Features.feature("derivatives.mark_index_basis", Map.of(), ticker);
            Feature volume = Features.feature("derivatives.liquidation_volume", Map.of("window", "5s"), liquidations);
            FeatureStreamGraph graph = FeatureStreamGraph.builder(List.of(ticker, liquidations, basis, volume)).build();
            List<Event> arrived = Collections.synchronizedList(new ArrayList<>());
            List<Event> basisOut = Collections.synchronizedList(new ArrayList<>());
            List<Event> volumeOut = Collections.synchronizedList(new ArrayList<>());
            graph.getStream(ticker).subscribe((f, e) -> arrived.add(e.copy()));
            graph.getStream(liquidations).subscribe((f, e) -> arrived.add(e.copy()));
            graph.getStream(basis).subscribe((f, e) -> basisOut.add(e.copy()));
            graph.getStream(volume).subscribe((f, e) -> volumeOut.add(e.copy()));
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(
                    Map.of(v.exchange(), sim.webSocketUri()), Map.of(v.exchange(), sim.restUri())),
                    1 << 14, new ReconnectPolicy(50, 500, 0.2), 5_000, DeliveryMode.HAND_OFF);
            emitter.feed(graph);
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("subscribed", () -> sim.subscriptions() >= 2); // Bybit: the tickers topic is two channels
                if (v.protocol().restOpenInterestPath(v.symbol()) != null) {
                    // Binance: open interest is polled over REST (the first poll at start), then carried by the stream's tickers
                    LiveFeedSimulatorTest.waitFor("open interest polled", () -> sim.restRequestTimes().size() >= 1);
                    Thread.sleep(200);
                }
                sim.step(3_500); // about 10 s of market time: 10 tickers, about 100 liquidations
                List<Event> toArrive = expected(List.copyOf(sent), v.deltas());
                long tickersToArrive = toArrive.stream().filter(e -> e instanceof DerivativeTicker).count();
                long eventsToArrive = toArrive.size() + tickersToArrive * (v.pushesPerTicker() - 1);
                LiveFeedSimulatorTest.waitFor("every frame sent arrives", () -> arrived.size() == eventsToArrive);
            } finally {
                emitter.stop();
            }
            List<Event> want = expected(List.copyOf(sent), v.deltas());
            List<Event> received = complete(List.copyOf(arrived), v.pushesPerTicker());
            long tickers = want.stream().filter(e -> e instanceof DerivativeTicker).count();
            assertTrue(tickers >= 8 && want.size() - tickers >= 30, tickers + " tickers, " + (want.size() - tickers) + " liquidations sent");
            for (int i = 0; i < want.size(); i++) {
                Event s = want.get(i), r = received.get(i);
                assertEquals(s.ts() / MS * MS, r.ts(), "event " + i + ": the wire carries milliseconds");
                if (s instanceof DerivativeTicker st) {
                    DerivativeTicker rt = (DerivativeTicker) r;
                    assertEquals(st.markPrice(), rt.markPrice(), "mark " + i);
                    assertEquals(st.indexPrice(), rt.indexPrice(), "index " + i);
                    assertEquals(st.fundingRate(), rt.fundingRate(), "funding " + i);
                    assertEquals(st.nextFundingTime(), rt.nextFundingTime(), "next funding " + i);
                    if (v.openInterest()) {
                        assertEquals(st.openInterest(), rt.openInterest(), "open interest " + i);
                    } else {
                        // polled at the start, before the market moved: the simulator's starting open interest
                        assertEquals(SIMULATOR_START_OPEN_INTEREST, rt.openInterest(), "polled open interest " + i);
                    }
                    assertEquals(v.lastPrice() ? st.lastPrice() : Double.NaN, rt.lastPrice(), "last price " + i);
                } else {
                    Liquidation sl = (Liquidation) s, rl = (Liquidation) r;
                    assertEquals(sl.side(), rl.side(), "side " + i);
                    assertEquals(sl.price(), rl.price(), "price " + i);
                    assertEquals(sl.amount(), rl.amount(), "amount " + i);
                }
            }
            assertEquals(want.size() - tickers, volumeOut.size(), "one liquidation volume per liquidation");
            assertTrue(!basisOut.isEmpty(), "the basis ran on the live tickers");
            DerivativeTicker first = (DerivativeTicker) want.stream().filter(e -> e instanceof DerivativeTicker).findFirst().orElseThrow();
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

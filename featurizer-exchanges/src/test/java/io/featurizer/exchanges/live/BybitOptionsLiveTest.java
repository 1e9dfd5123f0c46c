package io.featurizer.exchanges.live;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.bybit.BybitCategory;
import io.featurizer.exchanges.bybit.BybitProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bybit options live, over a real WebSocket to the simulator: a config's {@code instrument_type: option}
 * gets the option endpoint's protocol, two contracts of one coin share the {@code publicTrade.BTC} topic,
 * and each contract's trades and quotes reach only its own data source, equal to what the simulator's
 * markets generated (replayed here from the same seeds).
 */
class BybitOptionsLiveTest {
    private static final String CALL = "BTC-27DEC26-100000-C";
    private static final String PUT = "BTC-27DEC26-90000-P";

    @Test
    void twoContractsOfOneCoinEachGetTheirOwnTradesAndQuotes() throws Exception {
        BybitProtocol bybit = (BybitProtocol) VenueProtocols.forVenue("BYBIT", "option", VenueOptions.DEFAULT);
        assertEquals(BybitCategory.OPTION, bybit.category());
        List<String> symbols = List.of(CALL, PUT);
        SyntheticMarket.Config config = SyntheticMarket.Config.defaults(5).withRates(200, 400, 300);
        try (ExchangeSimulator sim = new ExchangeSimulator(bybit, SimulatedVenues.encoder(bybit), symbols, config).start(0)) {
            List<Feature> features = new ArrayList<>();
            for (String s : symbols) {
                features.add(Features.trades("BYBIT", "option", s));
                features.add(Features.ticker("BYBIT", "option", s));
            }
            FeatureStreamGraph graph = FeatureStreamGraph.builder(features).build();
            Map<Feature, List<Event>> received = Map.of(features.get(0), Collections.synchronizedList(new ArrayList<>()),
                    features.get(1), Collections.synchronizedList(new ArrayList<>()),
                    features.get(2), Collections.synchronizedList(new ArrayList<>()),
                    features.get(3), Collections.synchronizedList(new ArrayList<>()));
            for (Feature f : features) {
                graph.getStream(f).subscribe((ff, e) -> received.get(f).add(e.copy()));
            }
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of("BYBIT", sim.webSocketUri()), Map.of()),
                    1 << 12, new ReconnectPolicy(50, 500, 0.2), 30_000);
            emitter.feed(graph);
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("subscribed", () -> sim.connectedClients() == 1 && sim.subscriptions() >= 4);
                sim.step(3_000);
                // the same markets, independently: seeds and price levels as the simulator derives them per symbol
                List<List<Trade>> trades = List.of(new ArrayList<>(), new ArrayList<>());
                List<List<Quote>> quotes = List.of(new ArrayList<>(), new ArrayList<>());
                List<SyntheticMarket> markets = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    SyntheticMarket m = new SyntheticMarket(new SyntheticMarket.Config(config.seed() + i, config.startNanos(),
                            config.bookUpdatesPerSecond(), config.tradesPerSecond(), config.tickersPerSecond(), config.snapshotEveryNanos(),
                            config.levels(), config.tickSize(), config.startPrice() * (1 + i), config.moveProbability()));
                    while (m.next() != SyntheticMarket.Channel.L2_BOOK) {
                        // the simulator starts from the first book
                    }
                    markets.add(m);
                }
                for (int n = 0; n < 3_000; n++) {
                    for (int i = 0; i < 2; i++) {
                        SyntheticMarket m = markets.get(i);
                        switch (m.next()) {
                            case TRADES -> trades.get(i).add((Trade) m.event().copy());
                            case TICKER -> quotes.get(i).add((Quote) m.event().copy());
                            default -> {
                            }
                        }
                    }
                }
                for (int i = 0; i < 2; i++) {
                    List<Event> gotTrades = received.get(features.get(2 * i));
                    List<Event> gotQuotes = received.get(features.get(2 * i + 1));
                    int nt = trades.get(i).size();
                    int nq = quotes.get(i).size();
                    assertEquals(true, nt > 100 && nq > 100, "enough to mean something: " + nt + " trades, " + nq + " quotes");
                    LiveFeedSimulatorTest.waitFor(symbols.get(i) + ": " + nt + " trades and " + nq + " quotes",
                            () -> gotTrades.size() >= nt && gotQuotes.size() >= nq);
                    assertEquals(nt, gotTrades.size(), symbols.get(i) + " trades");
                    for (int k = 0; k < nt; k++) {
                        Trade want = trades.get(i).get(k);
                        Trade got = (Trade) gotTrades.get(k);
                        assertEquals(Math.floorDiv(want.ts(), 1_000_000L) * 1_000_000L, got.ts(), "trade " + k);
                        assertEquals(want.price(), got.price(), "trade " + k);
                        assertEquals(want.amount(), got.amount(), "trade " + k);
                        assertEquals(want.side(), got.side(), "trade " + k);
                        assertEquals(want.id(), got.id(), "trade " + k);
                    }
                    assertEquals(nq, gotQuotes.size(), symbols.get(i) + " quotes: an option ticker is a whole quote each time");
                    for (int k = 0; k < nq; k++) {
                        Quote want = quotes.get(i).get(k);
                        Quote got = (Quote) gotQuotes.get(k);
                        assertEquals(want.bidPrice(), got.bidPrice(), "quote " + k);
                        assertEquals(want.askSize(), got.askSize(), "quote " + k);
                    }
                }
            } finally {
                emitter.stop();
            }
        }
    }
}

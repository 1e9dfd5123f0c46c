package io.featurizer.exchanges.live;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.bybit.BybitCategory;
import io.featurizer.exchanges.bybit.BybitEncoder;
import io.featurizer.exchanges.bybit.BybitProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Two symbols on one venue: one connection, and each symbol's features see only that symbol's data. */
class TwoSymbolsOneConnectionTest {
    @Test
    void eachSymbolKeepsItsOwnBookOnASharedConnection() throws Exception {
        BybitProtocol bybit = new BybitProtocol(BybitCategory.LINEAR);
        // the simulator gives the second symbol twice the first one's price level
        try (ExchangeSimulator sim = new ExchangeSimulator(bybit, new BybitEncoder(bybit), List.of("BTC-USDT", "ETH-USDT"),
                SyntheticMarket.Config.defaults(9).withRates(2000, 0, 0)).start(0)) {
            Feature btc = Features.l2Book("BYBIT", "perpetual", "BTC-USDT");
            Feature eth = Features.l2Book("BYBIT", "perpetual", "ETH-USDT");
            Feature btcMid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of(), btc));
            Feature ethMid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of(), eth));
            FeatureStreamGraph graph = FeatureStreamGraph.builder(List.of(btcMid, ethMid)).build();
            AtomicReference<Event> lastBtc = new AtomicReference<>();
            AtomicReference<Event> lastEth = new AtomicReference<>();
            graph.getStream(btcMid).subscribe((f, e) -> lastBtc.set(e.copy()));
            graph.getStream(ethMid).subscribe((f, e) -> lastEth.set(e.copy()));
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of("BYBIT", sim.webSocketUri()), Map.of()),
                    1 << 12, new ReconnectPolicy(50, 500, 0.2), 30_000);
            emitter.feed(graph);
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("both books synced", () -> emitter.isSynced("BYBIT", "perpetual", "BTC-USDT")
                        && emitter.isSynced("BYBIT", "perpetual", "ETH-USDT"));
                sim.step(1_500);
                OrderBook btcTruth = sim.truth("BTC-USDT");
                OrderBook ethTruth = sim.truth("ETH-USDT");
                double btcMidTruth = (btcTruth.bids().price(0) + btcTruth.asks().price(0)) / 2;
                double ethMidTruth = (ethTruth.bids().price(0) + ethTruth.asks().price(0)) / 2;
                LiveFeedSimulatorTest.waitFor("mids match each symbol's truth", () -> lastBtc.get() != null && lastEth.get() != null
                        && lastBtc.get().getDouble(0) == btcMidTruth && lastEth.get().getDouble(0) == ethMidTruth);
                assertEquals(1, emitter.stats().size(), "one connection for the venue");
                assertEquals(1, emitter.stats().get("BYBIT/perpetual").connects());
            } finally {
                emitter.stop();
            }
        }
    }
}

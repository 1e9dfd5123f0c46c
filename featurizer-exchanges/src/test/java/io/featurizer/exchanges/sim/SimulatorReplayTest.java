package io.featurizer.exchanges.sim;

import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.binance.BinanceProtocol;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.live.ReconnectPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulator replays a recorded message file verbatim; the live path reads it like a venue's stream. */
class SimulatorReplayTest {
    @Test
    void aRecordedFileIsSentVerbatimAndDecoded() throws Exception {
        Path recording = Path.of(getClass().getResource("/recordings/binance-spot-btcusdt.jsonl").toURI());
        BinanceProtocol binance = BinanceProtocol.spot();
        try (ExchangeSimulator sim = new ExchangeSimulator(binance, binance.newEncoder(), List.of("BTC-USDT"),
                SyntheticMarket.Config.defaults(1)).start(0)) {
            Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
            Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
            List<Long> tradeIds = new CopyOnWriteArrayList<>();
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(
                    Map.of("BINANCE", sim.webSocketUri()), Map.of("BINANCE", sim.restUri())), 1 << 12, new ReconnectPolicy(50, 500, 0.2), 30_000);
            emitter.registerCallback(trades, (f, e) -> tradeIds.add(((Trade) e).id()));
            emitter.registerCallback(book, (f, e) -> { });
            emitter.start();
            try {
                Thread replay = sim.replay(recording, 2_000);
                replay.join(20_000);
                FeedStats stats = emitter.stats().get("BINANCE/spot");
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (tradeIds.size() < 20 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                // 201 lines: 20 trades (ids 5009, 5019, ...), 180 depth updates, 1 garbage line
                List<Long> expected = new java.util.ArrayList<>();
                for (int i = 9; i < 200; i += 10) {
                    expected.add(5000L + i);
                }
                assertEquals(expected, tradeIds);
                assertEquals(1, stats.garbageFrames(), "the garbage line is counted, not fatal");
                assertTrue(stats.frames() >= 201);
            } finally {
                emitter.stop();
            }
        }
    }
}

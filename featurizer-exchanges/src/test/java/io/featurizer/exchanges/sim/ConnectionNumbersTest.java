package io.featurizer.exchanges.sim;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.coinbase.CoinbaseEncoder;
import io.featurizer.exchanges.coinbase.CoinbaseProtocol;
import io.featurizer.exchanges.live.DeliveryMode;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.live.ReconnectPolicy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coinbase numbers each connection's messages from 0, all channels together: a simulator connection that is not sent
 * another's products or channels must still see its own numbers without holes (else its books resync on every hole).
 */
class ConnectionNumbersTest {
    private static final Pattern SEQUENCE = Pattern.compile("\"sequence_num\":(\\d+)");

    /** A raw client: every text frame it receives, whole. */
    static final class Client implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        List<Long> numbers() {
            List<Long> out = new ArrayList<>();
            for (String f : frames) {
                Matcher m = SEQUENCE.matcher(f);
                if (m.find()) {
                    out.add(Long.parseLong(m.group(1)));
                }
            }
            return out;
        }
    }

    private static WebSocket connect(URI uri, Client c, String... requests) {
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, c).join();
        for (String r : requests) {
            ws.sendText(r, true).join();
        }
        return ws;
    }

    private static void await(java.util.function.BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
            Thread.sleep(10);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void eachConnectionCountsItsOwnMessagesFromZeroWithoutHoles() throws Exception {
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(5).withRates(200, 50, 20);
        try (ExchangeSimulator sim = new ExchangeSimulator(new CoinbaseProtocol(), new CoinbaseEncoder(), List.of("BTC-USD", "ETH-USD", "SOL-USD"),
                market).start(0)) {
            sim.step(50); // numbers made before anyone connected
            Client btc = new Client();
            WebSocket a = connect(sim.webSocketUri(), btc, "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channel\":\"level2\"}");
            await(() -> sim.connectedClients() == 1 && btc.frames.size() >= 2, "BTC-USD subscribed");
            sim.step(100);
            Client eth = new Client();
            WebSocket b = connect(sim.webSocketUri(), eth, "{\"type\":\"subscribe\",\"product_ids\":[\"ETH-USD\",\"SOL-USD\"],\"channel\":\"level2\"}",
                    "{\"type\":\"subscribe\",\"product_ids\":[\"ETH-USD\"],\"channel\":\"market_trades\"}");
            await(() -> sim.connectedClients() == 2 && eth.frames.size() >= 4, "ETH-USD and SOL-USD subscribed (two acknowledgements, two snapshots)");
            sim.step(1_000);
            int[] seen = {-1};
            await(() -> { // until no frame arrived for 300 ms
                int now = btc.frames.size() + eth.frames.size();
                boolean still = now == seen[0];
                seen[0] = now;
                if (!still) {
                    sleep(300);
                }
                return still;
            }, "frames delivered");
            for (Client c : List.of(btc, eth)) {
                List<Long> n = c.numbers();
                assertTrue(n.size() > 100, "frames: " + n.size());
                for (int i = 0; i < n.size(); i++) {
                    assertEquals(i, n.get(i), "the connection's message " + i + " of " + n.size());
                }
            }
            a.abort();
            b.abort();
        }
    }

    @Test
    void booksOfSeveralProductsOnOneConnectionNeverResync() throws Exception {
        List<String> symbols = List.of("BTC-USD", "ETH-USD", "SOL-USD", "ADA-USD", "XRP-USD");
        SyntheticMarket.Config market = SyntheticMarket.Config.defaults(9).withRates(200, 50, 20);
        try (ExchangeSimulator sim = new ExchangeSimulator(new CoinbaseProtocol(), new CoinbaseEncoder(), symbols, market).start(0)) {
            List<Feature> books = new ArrayList<>();
            for (String s : symbols) { // books only: the trades and tickers made for them are never sent to this connection
                books.add(Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5),
                        Features.dataSource("l2_book", Map.of("exchange", "COINBASE", "instrument_type", "spot", "symbol", s))));
            }
            FeatureStreamGraph graph = FeatureStreamGraph.builder(books).build();
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of("COINBASE", sim.webSocketUri()), Map.of()),
                    1 << 14, new ReconnectPolicy(50, 500, 0.2), 5_000, DeliveryMode.INLINE);
            emitter.feed(graph);
            emitter.start();
            try {
                await(() -> symbols.stream().allMatch(s -> emitter.isSynced("COINBASE", "spot", s)), "every book synced");
                sim.step(3_000);
                FeedStats stats = emitter.stats().get("COINBASE/spot");
                await(() -> stats.events() > 5_000, "events delivered");
                assertEquals(0, stats.resyncs(), "resyncs: " + stats);
            } finally {
                emitter.stop();
            }
        }
    }
}

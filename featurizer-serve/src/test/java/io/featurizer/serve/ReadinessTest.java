package io.featurizer.serve;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.exchanges.live.ReconnectPolicy;
import io.featurizer.exchanges.sim.Fault;
import io.featurizer.exchanges.sim.SimulatedVenues;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /ready} on the local exchange simulator: 503 before the feeds start, 200 only once every book is in
 * sequence (checked against the emitter's own per-symbol sync state at that moment), and 503 again naming the
 * feed once the venue goes away; {@code /health} answers 200 throughout; {@code /metrics} shows the feed state, and
 * one sequence gap injected by the simulator as one gap and a resync.
 */
class ReadinessTest {
    static final String CONFIG = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid_btc
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
              - feature_definition: price.mid_price_fd
                name: mid_eth
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: ETH-USDT}]}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}], feature: {0: {window: 1m}}}
            """;

    record Answer(int status, String body) {
    }

    static Answer get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    @Test
    void readyOnlyOnceEveryFeedIsSyncedAndNotAfterTheVenueIsGone() throws Exception {
        FeaturizerConfig config = FeaturizerConfig.parse(CONFIG, "ready.yaml");
        ServeMetrics metrics = new ServeMetrics();
        VectorHub[] hubRef = new VectorHub[1];
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(v -> {
            metrics.onVector(v);
            hubRef[0].publish(v);
        }).build();
        VectorHub hub = new VectorHub(graph.getOuts());
        hubRef[0] = hub;
        HttpClient http = HttpClient.newHttpClient();
        SimulatedVenues venues = SimulatedVenues.start(graph.getIns(), SyntheticMarket.Config.defaults(5).withRates(200, 40, 0), 2_000);
        LiveEventEmitter emitter = new LiveEventEmitter(venues.endpoints(), 1 << 12, new ReconnectPolicy(50, 500, 0.2), 30_000);
        metrics.watch(graph);
        metrics.watch(hub);
        metrics.watchFeeds(emitter::stats);
        try (FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of(HealthRoutes.live(metrics, emitter::stats)))) {
            Answer before = get(http, server.url() + "ready");
            assertEquals(503, before.status(), before.body());
            assertTrue(before.body().contains("no live feed has started yet"), before.body());
            assertEquals(200, get(http, server.url() + "health").status());

            emitter.feed(graph);
            emitter.start();
            Answer ready = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                Answer a = get(http, server.url() + "ready");
                if (a.status() == 200) {
                    // synced now: and stays so, since the simulator's stream has no gaps
                    assertTrue(emitter.isSynced("BINANCE", "spot", "BTC-USDT") && emitter.isSynced("BINANCE", "spot", "ETH-USDT"),
                            "ready only with both books in sequence: " + a.body());
                    ready = a;
                    break;
                }
                assertEquals(503, a.status(), a.body());
                assertTrue(a.body().contains("\"ready\":false") && a.body().contains("feed BINANCE/spot is not ready") || a.body().contains("no live feed"),
                        a.body());
                Thread.sleep(20);
            }
            assertTrue(ready != null, "never ready");
            assertTrue(ready.body().contains("\"venue\":\"BINANCE/spot\",\"ready\":true,\"connected\":true,\"synced\":true,\"stale\":false,\"books\":2,\"synced_books\":2"),
                    ready.body());
            PrometheusText m = PrometheusText.parse(get(http, server.url() + "metrics").body());
            assertEquals(1, m.value("featurizer_feed_connected", "venue", "BINANCE/spot"));
            assertEquals(1, m.value("featurizer_feed_synced", "venue", "BINANCE/spot"));
            assertEquals(0, m.value("featurizer_feed_stale", "venue", "BINANCE/spot"));
            assertEquals(0, m.value("featurizer_feed_gaps_total", "venue", "BINANCE/spot"));
            assertTrue(m.value("featurizer_feed_frames_total", "venue", "BINANCE/spot") > 0);

            // a sequence gap in the venue's stream: counted once, the book resyncs, and the feed is ready again
            venues.simulators().get("BINANCE").inject(Fault.SEQUENCE_GAP);
            double gaps = 0;
            deadline = System.nanoTime() + 30_000_000_000L;
            while (gaps < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                gaps = PrometheusText.parse(get(http, server.url() + "metrics").body()).value("featurizer_feed_gaps_total", "venue", "BINANCE/spot");
            }
            assertEquals(1, gaps, "one injected gap, one gap counted");
            Answer again = null;
            deadline = System.nanoTime() + 60_000_000_000L;
            while (again == null && System.nanoTime() < deadline) {
                Answer a = get(http, server.url() + "ready");
                again = a.status() == 200 ? a : null;
                Thread.sleep(again == null ? 20 : 0);
            }
            assertTrue(again != null, "ready again after the resync");
            m = PrometheusText.parse(get(http, server.url() + "metrics").body());
            assertEquals(1, m.value("featurizer_feed_gaps_total", "venue", "BINANCE/spot"));
            assertTrue(m.value("featurizer_feed_resyncs_total", "venue", "BINANCE/spot") >= 1, "the gap forced a resync");

            venues.close(); // the venue goes away: the feed disconnects and /ready says so
            Answer gone = null;
            deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                Answer a = get(http, server.url() + "ready");
                if (a.status() == 503) {
                    gone = a;
                    break;
                }
                Thread.sleep(20);
            }
            assertTrue(gone != null, "still ready with the venue gone");
            assertTrue(gone.body().contains("feed BINANCE/spot is not ready: not connected"), gone.body());
            assertEquals(200, get(http, server.url() + "health").status());
            assertEquals(0, PrometheusText.parse(get(http, server.url() + "metrics").body()).value("featurizer_feed_connected", "venue", "BINANCE/spot"));
        } finally {
            emitter.stop();
            venues.close();
        }
    }
}

package io.featurizer.serve;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.Clock;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics} of a real server, parsed by a strict text-format parser, against counts worked out by hand from
 * hand-made inputs pushed through a real graph and a real {@link VectorHub}.
 *
 * <pre>
 * input              outputs          combined vector (both outputs needed)
 * 1 book  100/102    mid 101          none: tvi has no value yet
 * 2 trade buy        tvi 2            #0 (mid and tvi each make their first update)
 * 3 book  101/103    mid 102          #1
 * 4 book  101/103    none (no change) none
 * 5 trade sell       tvi              #2
 * </pre>
 * So 3 vectors, 2 updates of each feature, 3 book and 2 trade inputs. A push client whose transport never completes
 * its first send, with a queue of one: vector #0 is in that send, #1 waits in the queue, #2 pushes #1 out: 1 drop,
 * queue depth 1, nothing sent yet.
 */
class MetricsEndpointTest {
    static final long S = 1_000_000_000L;
    static final String SYMBOL = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";

    static FeaturizerConfig config(String ordering) {
        return FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%1$s]}
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: tvi
                    params: {data_source: [%1$s], feature: {0: {window: 1m}}}
                """.formatted(SYMBOL) + ordering, "metrics.yaml");
    }

    /** A push transport whose first send never completes: a client that stopped reading. */
    static final class StuckTransport implements PushTransport {
        final CountDownLatch entered = new CountDownLatch(1);

        @Override
        public void send(List<PushMessage> messages, Runnable done, java.util.function.Consumer<Throwable> failed) {
            entered.countDown(); // neither done nor failed: the batch stays in flight
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public String remote() {
            return "stuck";
        }
    }

    static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().toString());
        return r.body();
    }

    @Test
    void countsMatchTheHandMadeInputsAndTheStuckClientDropsOne() throws Exception {
        FeaturizerConfig config = config("");
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
        ServeMetrics metrics = new ServeMetrics();
        VectorHub[] hubRef = new VectorHub[1];
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(v -> {
            metrics.onVector(v);
            hubRef[0].publish(v);
        }).build();
        VectorHub hub = new VectorHub(graph.getOuts(), () -> -1, new VectorHub.Limits(1, 1_000));
        hubRef[0] = hub;
        metrics.watch(graph);
        metrics.watch(hub);
        HttpClient http = HttpClient.newHttpClient();
        try (FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of(HealthRoutes.withoutFeeds(metrics)))) {
            // a real WebSocket client that reads everything
            java.util.concurrent.Semaphore received = new java.util.concurrent.Semaphore(0);
            WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(server.url().replace("http", "ws") + "v1/stream"), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    if (last) {
                        received.release();
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            StuckTransport stuck = new StuckTransport();
            PushClient stuckClient = hub.attach("test", graph.getOuts(), VectorView.Format.JSON, 0, stuck);
            for (int i = 0; i < 200 && hub.clients().size() < 2; i++) {
                Thread.sleep(25); // the WebSocket is attached by the server's thread
            }
            assertEquals(2, hub.clients().size(), "both clients attached");
            // ids number clients in attach order, and the WebSocket is attached on the server's thread: ask, don't assume
            String stuckId = stuckClient.id();
            String wsId = hub.clients().stream().map(ClientStats::id).filter(id -> !id.equals(stuckId)).findFirst().orElseThrow();

            long t0 = 1_675_245_600_000_000_000L; // exchange times in 2023; receipt times one second before now
            graph.emit(book, new BookUpdate().reset(t0 + S, Clock.nowNanos() - S, true).sequence(1, 1, 0).addBid(100, 1).addAsk(102, 1));
            graph.emit(trades, new Trade().set(t0 + 2 * S, Clock.nowNanos() - S, Side.BUY, 101, 1, 1));
            assertTrue(stuck.entered.await(10, TimeUnit.SECONDS), "the stuck client took vector #0");
            // the reading client gets each vector before the next is made, so its queue of one never overflows
            assertTrue(received.tryAcquire(10, TimeUnit.SECONDS), "vector #0 read: " + hub.clients());
            graph.emit(book, new BookUpdate().reset(t0 + 3 * S, Clock.nowNanos() - S, true).sequence(2, 2, 1).addBid(101, 1).addAsk(103, 1));
            assertTrue(received.tryAcquire(10, TimeUnit.SECONDS), "vector #1 read: " + hub.clients());
            graph.emit(book, new BookUpdate().reset(t0 + 4 * S, Clock.nowNanos() - S, true).sequence(3, 3, 2).addBid(101, 2).addAsk(103, 1));
            graph.emit(trades, new Trade().set(t0 + 5 * S, Clock.nowNanos() - S, Side.SELL, 102, 1, 2));
            assertTrue(received.tryAcquire(10, TimeUnit.SECONDS), "vector #2 read: " + hub.clients());

            PrometheusText m = PrometheusText.parse(get(http, server.url() + "metrics"));
            assertEquals(3, m.value("featurizer_vectors_total"));
            assertEquals(2, m.value("featurizer_feature_updates_total", "feature", "mid"));
            assertEquals(2, m.value("featurizer_feature_updates_total", "feature", "tvi"));
            assertEquals(3, m.value("featurizer_input_events_total", "source", book.name(), "stream", "BINANCE:spot:BTC-USDT:l2_book"));
            assertEquals(2, m.value("featurizer_input_events_total", "source", trades.name(), "stream", "BINANCE:spot:BTC-USDT:trades"));
            assertEquals(0, m.value("featurizer_late_events_total", "action", "dropped"));
            assertEquals(2, m.value("featurizer_clients"));
            assertEquals(1, m.value("featurizer_client_dropped_messages_total", "client", stuckId, "kind", "test"));
            assertEquals(1, m.value("featurizer_client_queue_depth", "client", stuckId, "kind", "test"));
            assertEquals(0, m.value("featurizer_client_sent_messages_total", "client", stuckId, "kind", "test"));
            assertEquals(0, m.value("featurizer_client_dropped_messages_total", "client", wsId, "kind", "ws"));
            assertEquals(1, m.value("featurizer_dropped_messages_total"));
            assertEquals(0, m.value("featurizer_slow_clients_disconnected_total"));
            assertEquals("histogram", m.family("featurizer_frame_to_vector_seconds").type());
            assertEquals(3, m.value("featurizer_frame_to_vector_seconds_count"));
            assertEquals(0, m.value("featurizer_frame_to_vector_seconds_bucket", "le", "1.0"), "every receipt was >= 1 s before its vector");
            assertEquals(3, m.value("featurizer_frame_to_vector_seconds_bucket", "le", "+Inf"));
            assertTrue(m.value("featurizer_frame_to_vector_seconds_sum") >= 3.0);
            double lagFloor = (Clock.nowNanos() - (t0 + 5 * S)) / 1e9; // read after the scrape: the lag was at most this
            double lag = m.value("featurizer_exchange_lag_seconds");
            assertTrue(lag <= lagFloor && lag > lagFloor - 3600, "lag to the last input's exchange time " + lag + " vs " + lagFloor);
            // the reading client's sends reach 3 (its sender thread may still be writing the last batch)
            double sent = 0;
            for (int i = 0; i < 200 && sent < 3; i++) {
                sent = PrometheusText.parse(get(http, server.url() + "metrics")).value("featurizer_client_sent_messages_total", "client", wsId, "kind", "ws");
                Thread.sleep(sent < 3 ? 25 : 0);
            }
            assertEquals(3, sent);
            assertEquals(0, received.availablePermits(), "no fourth vector");
            ws.abort();
            hub.detach(stuckClient, PushTransport.NORMAL, "test done"); // it would never drain
        }
    }

    @Test
    void lateEventsOfAnEventTimeGraphAreCounted() throws Exception {
        // one book source, event time, no lateness: a book older than the newest one seen is late and dropped
        FeaturizerConfig config = FeaturizerConfig.parse("""
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: mid
                    params: {data_source: [%1$s]}
                ordering: {time: exchange, allowed_lateness: 0, late_events: drop}
                """.formatted(SYMBOL), "late.yaml");
        Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
        ServeMetrics metrics = new ServeMetrics();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(metrics::onVector).build();
        metrics.watch(graph);
        long t0 = 1_675_245_600_000_000_000L;
        int[] seconds = {1, 2, 5, 3 /* late */, 6, 4 /* late */, 7};
        for (int k = 0; k < seconds.length; k++) {
            long t = t0 + seconds[k] * S;
            graph.emit(book, new BookUpdate().reset(t, t, true).sequence(k + 1, k + 1, k).addBid(100 + k, 1).addAsk(102 + k, 1));
        }
        graph.flush();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        metrics.write(out);
        PrometheusText m = PrometheusText.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(2, m.value("featurizer_late_events_total", "action", "dropped"));
        assertEquals(0, m.value("featurizer_late_events_total", "action", "processed"));
        assertEquals(5, m.value("featurizer_input_events_total", "source", book.name(), "stream", "BINANCE:spot:BTC-USDT:l2_book"));
        assertEquals(5, m.value("featurizer_frame_to_vector_seconds_count"), "one vector per processed book (each moves the mid)");
    }
}

package io.featurizer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading loses its oldest messages and is disconnected past the drop limit, while the fast clients
 * get every vector. Their delivery latency (publish on the engine thread to arrival at the client) is measured with and
 * without the slow client and printed; only counts are asserted, never times.
 */
class SlowClientTest {
    static final VectorHub.Limits SMALL = new VectorHub.Limits(8_192, 512);
    static final int VECTORS = 3_000;

    @Test
    void aSlowClientIsDroppedWithoutDelayingTheOthers() throws Exception {
        Histogram alone = run(false);
        Histogram withSlow = run(true);
        System.out.printf(Locale.ROOT, "fast clients' latency publish -> client: without a slow client p50 %.0f us p99 %.0f us; with one p50 %.0f us p99 %.0f us%n",
                alone.getValueAtPercentile(50) / 1e3, alone.getValueAtPercentile(99) / 1e3,
                withSlow.getValueAtPercentile(50) / 1e3, withSlow.getValueAtPercentile(99) / 1e3);
    }

    /** Runs 3 fast clients (and a slow one) until the source stopped; asserts every fast client got every vector. */
    private Histogram run(boolean slowClient) throws Exception {
        Histogram latency = new Histogram(3);
        try (SimulatedFeed feed = new SimulatedFeed(SMALL, 5_000);
             FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), feed.hub, List.of())) {
            String url = "ws://127.0.0.1:" + server.port() + "/v1/stream";
            List<Clients.Ws> fast = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                fast.add(Clients.Ws.connect(url));
            }
            Clients.Ws slow = slowClient ? Clients.Ws.connect(url, 1) : null; // reads one message, then never again
            Clients.await("clients attached", () -> feed.hub.clients().size() == (slowClient ? 4 : 3), 10_000);
            feed.start();
            if (slowClient) {
                Clients.await("the slow client disconnected", () -> feed.hub.slowClientsDisconnected() == 1, 120_000);
                Clients.await("only the fast clients remain", () -> feed.hub.clients().size() == 3, 10_000);
                assertTrue(feed.hub.messagesDropped() >= SMALL.dropLimit(), "dropped " + feed.hub.messagesDropped());
            }
            feed.runUntil(VECTORS, 120_000);
            List<SimulatedFeed.Published> expected = feed.snapshot();
            int n = expected.size();
            for (Clients.Ws c : fast) {
                try {
                    Clients.await("every vector at each fast client", () -> c.messages.size() == n, 60_000);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + c.messages.size() + " of " + n + "; clients " + feed.hub.clients(), e);
                }
                List<Clients.Received> got = c.snapshot();
                for (int i = 0; i < n; i++) {
                    JsonNode v = PushTest.json(got.get(i));
                    assertEquals(i, v.get("vector").asInt(), "vector numbers contiguous");
                    assertEquals(expected.get(i).sequence(), v.get("sequence").asLong());
                    latency.recordValue(Math.max(0, got.get(i).at() - expected.get(i).publishedAt()));
                }
                c.close();
            }
            if (slow != null) {
                assertTrue(slow.messages.size() <= 1, "the slow client read " + slow.messages.size());
                slow.close();
            }
        }
        return latency;
    }
}

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
    static final VectorHub.Limits SMALL = new VectorHub.Limits(16_384, 512);
    static final int VECTORS = 3_000;

    @Test
    void aSlowClientIsDroppedWithoutDelayingTheOthers() throws Exception {
        run(false); // the JIT's warm-up would otherwise land in whichever run comes first
        Histogram withSlow = run(true);
        Histogram alone = run(false);
        System.out.printf(Locale.ROOT, "fast clients' latency publish -> client: without a slow client p50 %.0f us p99 %.0f us; with one p50 %.0f us p99 %.0f us%n",
                alone.getValueAtPercentile(50) / 1e3, alone.getValueAtPercentile(99) / 1e3,
                withSlow.getValueAtPercentile(50) / 1e3, withSlow.getValueAtPercentile(99) / 1e3);
    }

    @Test
    void aServerSentEventsClientThatStopsReadingIsDisconnected() throws Exception {
        try (SimulatedFeed feed = new SimulatedFeed(new VectorHub.Limits(1_024, 512), 5_000);
             FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), feed.hub, List.of())) {
            // the response body is never read: the socket fills, then the client's queue
            java.net.http.HttpResponse<java.io.InputStream> r = Clients.HTTP.send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/sse")).header("Accept", "text/event-stream").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, r.statusCode());
            Clients.await("the SSE client attached", () -> feed.hub.clients().size() == 1, 10_000);
            feed.start();
            Clients.await("the SSE client disconnected", () -> feed.hub.slowClientsDisconnected() == 1 && feed.hub.clients().isEmpty(), 120_000);
            assertTrue(feed.hub.messagesDropped() >= 512, "dropped " + feed.hub.messagesDropped());
            // the write that blocked on the full socket ended with the connection: no writer thread is left
            Clients.await("the SSE writer thread ended", () -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().equals("featurizer-serve-sse") && t.isAlive()), 30_000);
            feed.stop();
            r.body().close();
        }
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

package io.featurizer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The push and pull APIs on a real server on an ephemeral loopback port, fed by the local exchange simulator through
 * the live emitter, read by the JDK's WebSocket client and an SSE reader: every client receives the in-process graph's
 * vectors, in order, none missing, values equal field by field.
 */
class PushTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyClientReceivesTheInProcessVectorsInOrderNoneMissing() throws Exception {
        try (SimulatedFeed feed = new SimulatedFeed(VectorHub.Limits.DEFAULT, 2_000);
             FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), feed.hub, List.of())) {
            String ws = "ws://127.0.0.1:" + server.port();
            String http = "http://127.0.0.1:" + server.port();
            Clients.Ws all = Clients.Ws.connect(ws + "/v1/stream");
            Clients.Ws binary = Clients.Ws.connect(ws + "/v1/stream?format=binary");
            Clients.Ws subset = Clients.Ws.connect(ws + "/v1/stream?names=spread,mid_price");
            Clients.Ws sampled = Clients.Ws.connect(ws + "/v1/stream?names=mid_price&every=100ms");
            Clients.Sse sse = new Clients.Sse(http + "/v1/sse");
            long sampledFrom = System.nanoTime();
            Clients.await("5 clients attached", () -> feed.hub.clients().size() == 5, 10_000);

            feed.start();
            feed.runUntil(1_500, 60_000);
            List<SimulatedFeed.Published> expected = feed.snapshot();
            int n = expected.size();
            assertEquals(n, feed.hub.vectorsPublished());

            Clients.await("every vector at the full-stream clients", () -> all.messages.size() == n && binary.messages.size() == n + 1
                    && subset.messages.size() == n && sse.messages.size() == n, 30_000);
            // the sampled client gets the latest vector within one interval after the last
            Clients.await("the last vector at the sampled client", () -> !sampled.messages.isEmpty()
                    && json(sampled.messages.get(sampled.messages.size() - 1)).get("vector").asLong() == n - 1, 10_000);
            long sampledUntil = System.nanoTime();

            List<Feature> outputs = feed.config.features();
            List<Feature> midAndSpread = List.of(outputs.get(1), outputs.get(2)); // mid_price, spread in output order
            long previousSequence = -1;
            for (int i = 0; i < n; i++) {
                SimulatedFeed.Published p = expected.get(i);
                assertTrue(p.sequence() > previousSequence, "input sequences increase: " + previousSequence + " then " + p.sequence());
                previousSequence = p.sequence();
                assertVector(json(all.messages.get(i)), p, i, outputs);
                assertVector(JSON.readTree(sse.messages.get(i).text()), p, i, outputs);
                assertVector(json(subset.messages.get(i)), p, i, midAndSpread);
                assertBinary(binary.messages.get(i + 1).binary(), p, i, outputs);
            }
            assertEquals(binaryColumns(outputs), JSON.readTree(binary.messages.get(0).text()).get("columns").toString());

            // every=100ms: vectors of the stream in order, each equal to the in-process one, at most one per interval
            List<Clients.Received> s = sampled.snapshot();
            long before = -1;
            for (Clients.Received r : s) {
                JsonNode v = json(r);
                int i = v.get("vector").asInt();
                assertTrue(i > before, "sampled vectors in order");
                before = i;
                assertVector(v, expected.get(i), i, List.of(outputs.get(1)));
            }
            long intervals = (sampledUntil - sampledFrom) / 100_000_000L;
            assertTrue(s.size() <= intervals + 1, s.size() + " sampled vectors in " + intervals + " intervals of 100 ms");
            assertTrue(s.size() < n, "sampling sent fewer vectors than the stream: " + s.size() + " of " + n);

            // pull: each feature's latest value is that of the last vector, with the times of its own event
            GroupedNamedDataEvent last = expected.get(n - 1).vector();
            JsonNode latest = JSON.readTree(Clients.get(http + "/v1/features/latest").body());
            for (int k = 0; k < outputs.size(); k++) {
                Feature f = outputs.get(k);
                JsonNode one = latest.get(f.name());
                assertEquals(last.event(k).ts(), one.get("timestamp").asLong(), f.name());
                assertEquals(last.event(k).receiptTs(), one.get("receipt_timestamp").asLong(), f.name());
                assertFields(one, f, last.event(k));
                // the value first appeared in the vector it names, with that vector's input sequence
                SimulatedFeed.Published first = expected.get(one.get("vector").asInt());
                assertEquals(first.sequence(), one.get("sequence").asLong());
                assertTrue(first.vector().event(k).equals(last.event(k)), f.name() + " appeared in vector " + one.get("vector"));
                assertEquals(one, JSON.readTree(Clients.get(http + "/v1/features/" + f.name() + "/latest").body()));
            }
            JsonNode two = JSON.readTree(Clients.get(http + "/v1/features/latest?names=spread,mid_price").body());
            assertEquals(List.of("mid_price", "spread"), iterate(two.fieldNames()));

            for (Clients.Ws c : List.of(all, binary, subset, sampled)) {
                c.close();
            }
            sse.close();
        }
    }

    /**
     * A burst published faster than the sender writes: each client's queue holds many vectors, which leave as framed runs
     * (fewer writes than messages). Every vector still arrives once, in order, as its own message, equal to the published one.
     */
    @Test
    void aBurstLeavesInFramedRunsAndArrivesWholeInOrder() throws Exception {
        int n = 3_000; // under the queue capacity: nothing is dropped
        VectorHub hub = new VectorHub(io.featurizer.serve.inference.MidVectors.FEATURES, () -> -1, VectorHub.Limits.DEFAULT);
        try (FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of())) {
            String ws = "ws://127.0.0.1:" + server.port() + "/v1/stream";
            Clients.Ws json = Clients.Ws.connect(ws);
            Clients.Ws binary = Clients.Ws.connect(ws + "?format=binary");
            Clients.await("2 clients attached", () -> hub.clients().size() == 2, 10_000);
            io.featurizer.serve.inference.MidVectors vectors = new io.featurizer.serve.inference.MidVectors();
            List<SimulatedFeed.Published> published = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                GroupedNamedDataEvent v = vectors.next(i);
                published.add(new SimulatedFeed.Published(v.copy(), 10L * i, 0));
                hub.publish(v, 10L * i);
            }
            Clients.await("every vector at both clients", () -> json.messages.size() == n && binary.messages.size() == n + 1, 30_000);
            List<ClientStats> stats = hub.clients();
            for (int i = 0; i < n; i++) {
                assertVector(json(json.messages.get(i)), published.get(i), i, io.featurizer.serve.inference.MidVectors.FEATURES);
                assertBinary(binary.messages.get(i + 1).binary(), published.get(i), i, io.featurizer.serve.inference.MidVectors.FEATURES);
            }
            for (ClientStats c : stats) {
                assertEquals(0, c.dropped(), c.id());
                assertTrue(c.writes() < c.sent(), c.id() + ": " + c.sent() + " messages in " + c.writes() + " writes (some framed runs)");
            }
            json.close();
            binary.close();
        } finally {
            hub.close();
        }
    }

    /**
     * Messages longer than one WebSocket frame (Jetty's 64 KB default) in a backlog: Jetty fragments each of them, so a
     * batch holding one goes frame by frame, never as a run that fragmenting would cut through. Every vector still
     * arrives as its own message, whole and in order, and the small ones between catch up in runs.
     */
    @Test
    void longMessagesInABacklogArriveWholeBetweenRuns() throws Exception {
        Feature book = io.featurizer.core.feature.Features.feature("l2_book.l2_snapshot_fd", java.util.Map.of("depth", -1),
                io.featurizer.core.feature.Features.l2Book("BINANCE", "spot", "BTC-USDT")).named("book");
        List<Feature> features = List.of(book);
        io.featurizer.core.event.FeatureEvent e = new io.featurizer.core.event.FeatureEvent(book.schema());
        GroupedNamedDataEvent v = new GroupedNamedDataEvent(features, new Event[]{e}, new boolean[]{true});
        int n = 400;
        VectorHub hub = new VectorHub(features, () -> -1, VectorHub.Limits.DEFAULT);
        try (FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of())) {
            Clients.Ws client = Clients.Ws.connect("ws://127.0.0.1:" + server.port() + "/v1/stream");
            Clients.await("the client attached", () -> hub.clients().size() == 1, 10_000);
            List<SimulatedFeed.Published> published = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int levels = i % 9 == 4 ? 3_000 : 2; // every ninth book ~120 KB of JSON, the others ~200 bytes
                for (int f = 0; f < book.schema().size(); f++) {
                    if (book.schema().type(f) == FieldType.DOUBLE_ARRAY) {
                        double[] a = e.arrayForWrite(f, levels);
                        for (int l = 0; l < levels; l++) {
                            a[l] = 30_000 + i + l * 0.01 + f;
                        }
                    }
                }
                e.setTimes(1_000L * i, 1_000L * i + 3);
                v.setTimes(1_000L * i, 1_000L * i + 3);
                published.add(new SimulatedFeed.Published(v.copy(), i, 0));
                hub.publish(v, i);
            }
            Clients.await("every vector", () -> client.messages.size() == n, 60_000);
            assertTrue(client.snapshot().stream().anyMatch(r -> r.text().length() > 65_536), "some messages longer than a frame");
            for (int i = 0; i < n; i++) {
                assertVector(json(client.messages.get(i)), published.get(i), i, features);
            }
            ClientStats stats = hub.clients().get(0);
            assertEquals(0, stats.dropped());
            assertTrue(stats.writes() < stats.sent(), stats.sent() + " messages in " + stats.writes() + " writes (some runs)");
            client.close();
        } finally {
            hub.close();
        }
    }

    @Test
    void unknownNamesAndBadParametersAreRefusedWithTheNearestName() throws Exception {
        try (SimulatedFeed feed = new SimulatedFeed(VectorHub.Limits.DEFAULT, 100);
             FeatureServer server = FeatureServer.start(ServeOptions.defaults().withPort(0), feed.hub, List.of())) {
            String http = "http://127.0.0.1:" + server.port();
            HttpResponse<String> r = Clients.get(http + "/v1/features/latest?names=mid_prise");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("did you mean 'mid_price'"), r.body());
            r = Clients.get(http + "/v1/features/sprad/latest");
            assertEquals(404, r.statusCode());
            assertTrue(r.body().contains("did you mean 'spread'"), r.body());
            assertEquals(406, Clients.get(http + "/v1/sse").statusCode()); // no Accept: text/event-stream
            r = Clients.get(http + "/v1/sse?names=tvi_1n", "Accept", "text/event-stream");
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("did you mean 'tvi_1m'"), r.body());
            assertEquals(400, Clients.get(http + "/v1/sse?every=soon", "Accept", "text/event-stream").statusCode());
            assertEquals(400, Clients.get(http + "/v1/sse?format=binary", "Accept", "text/event-stream").statusCode());
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> Clients.HTTP.newWebSocketBuilder().buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/v1/stream?names=mid"),
                            new java.net.http.WebSocket.Listener() { }).get());
            WebSocketHandshakeException h = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(400, h.getResponse().statusCode());
            assertEquals(0, feed.hub.clients().size());
        }
    }

    static JsonNode json(Clients.Received r) {
        try {
            return JSON.readTree(r.text());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.text(), e);
        }
    }

    static List<String> iterate(Iterator<String> it) {
        List<String> l = new ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    /** The message is vector number i of the stream: the in-process vector's times, its input sequence, the chosen features' fields. */
    static void assertVector(JsonNode m, SimulatedFeed.Published p, int i, List<Feature> chosen) {
        GroupedNamedDataEvent g = p.vector();
        List<String> keys = new ArrayList<>(List.of("timestamp", "receipt_timestamp", "sequence", "vector"));
        for (Feature f : chosen) {
            for (int k = 0; k < f.schema().size(); k++) {
                keys.add(f.name() + "-" + f.schema().field(k).name());
            }
        }
        assertEquals(keys, iterate(m.fieldNames()), "keys of vector " + i);
        assertEquals(g.ts(), m.get("timestamp").asLong());
        assertEquals(g.receiptTs(), m.get("receipt_timestamp").asLong());
        assertEquals(p.sequence(), m.get("sequence").asLong());
        assertEquals(i, m.get("vector").asLong());
        for (Feature f : chosen) {
            assertFields(m, f, g.get(f));
        }
    }

    static void assertFields(JsonNode m, Feature f, Event e) {
        Schema s = f.schema();
        for (int k = 0; k < s.size(); k++) {
            JsonNode v = m.get(f.name() + "-" + s.field(k).name());
            String where = f.name() + "-" + s.field(k).name();
            if (s.type(k) == FieldType.LONG) {
                assertEquals(e.getLong(k), v.asLong(), where);
            } else if (s.type(k) == FieldType.DOUBLE) {
                assertDouble(e.getDouble(k), v, where);
            } else {
                assertEquals(e.arrayLength(k), v.size(), where);
                for (int j = 0; j < e.arrayLength(k); j++) {
                    assertDouble(e.getArray(k)[j], v.get(j), where + "[" + j + "]");
                }
            }
        }
    }

    static void assertDouble(double expected, JsonNode v, String where) {
        if (Double.isFinite(expected)) {
            assertEquals(expected, v.asDouble(), 0.0, where);
        } else {
            assertTrue(v.isNull(), where + " is null for " + expected);
        }
    }

    static String binaryColumns(List<Feature> outputs) {
        List<String> c = new ArrayList<>();
        for (Feature f : outputs) {
            for (int k = 0; k < f.schema().size(); k++) {
                if (f.schema().type(k) != FieldType.DOUBLE_ARRAY) {
                    c.add("\"" + f.name() + "-" + f.schema().field(k).name() + "\"");
                }
            }
        }
        return "[" + String.join(",", c) + "]";
    }

    /** The documented layout: little-endian magic, count, vector, sequence, two times, then the scalar fields as doubles. */
    static void assertBinary(byte[] frame, SimulatedFeed.Published p, int i, List<Feature> outputs) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('F' | 'Z' << 8 | 'V' << 16 | '1' << 24, b.getInt());
        int n = b.getInt();
        assertEquals(40 + 8 * n, frame.length);
        assertEquals(i, b.getLong());
        assertEquals(p.sequence(), b.getLong());
        assertEquals(p.vector().ts(), b.getLong());
        assertEquals(p.vector().receiptTs(), b.getLong());
        int values = 0;
        for (Feature f : outputs) {
            Event e = p.vector().get(f);
            for (int k = 0; k < f.schema().size(); k++) {
                FieldType t = f.schema().type(k);
                if (t == FieldType.DOUBLE_ARRAY) {
                    continue;
                }
                double expected = e == null ? Double.NaN : t == FieldType.LONG ? e.getLong(k) : e.getDouble(k);
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(b.getDouble()), f.name() + " field " + k);
                values++;
            }
        }
        assertEquals(n, values);
    }
}

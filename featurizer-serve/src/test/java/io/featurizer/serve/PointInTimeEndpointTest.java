package io.featurizer.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static io.featurizer.serve.StoredMarket.MS;
import static io.featurizer.serve.StoredMarket.S;
import static io.featurizer.serve.StoredMarket.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/features?at=} on a real server over a recorded store: the answers equal the naive scan of
 * {@link StoredMarket} whichever way the time is written (ISO-8601, epoch ms, epoch ns); bad times and names are
 * 400s saying what was expected; a server without storage answers 404 saying to pass --storage.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointInTimeEndpointTest {
    static final ObjectMapper JSON = new ObjectMapper();

    Storage storage;
    StoredMarket market;
    FeatureServer server;
    FeatureServer withoutStorage;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        market = StoredMarket.record(storage, dir.resolve("journal"), 23);
        List<Feature> outputs = FeatureStreamGraph.builder(StoredMarket.config()).build().getOuts();
        server = FeatureServer.start(ServeOptions.defaults().withPort(0), new VectorHub(outputs),
                List.of(new PointInTimeRoutes(new PointInTimeLookup(storage, StoredMarket.config()))));
        withoutStorage = FeatureServer.start(ServeOptions.defaults().withPort(0), new VectorHub(outputs), List.of(new PointInTimeRoutes(null)));
    }

    @AfterAll
    void stop() {
        server.close();
        withoutStorage.close();
        storage.close();
    }

    HttpResponse<String> get(FeatureServer s, String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(s.url() + "v1/features?" + query)).build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(String query) throws Exception {
        HttpResponse<String> r = get(server, query);
        assertEquals(200, r.statusCode(), query + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static void check(JsonNode feature, StoredMarket.Output expected, String column, String where) {
        if (expected == null) {
            assertTrue(feature.isNull(), where + ": no value yet, got " + feature);
            return;
        }
        assertEquals(expected.ts(), feature.get("timestamp").asLong(), where + " " + feature);
        assertEquals(expected.ts() + MS, feature.get("receipt_timestamp").asLong(), where);
        assertEquals(expected.value(), feature.get(column).asDouble(), 1e-12, where);
    }

    void checkAt(long at, JsonNode answer, String where) {
        assertEquals(at, answer.get("at").asLong(), where);
        check(answer.get("features").get("mid"), StoredMarket.lastAtOrBefore(market.mids, at), "mid-mid_price", where);
        check(answer.get("features").get("tvi"), StoredMarket.lastAtOrBefore(market.tvis, at), "tvi-tvi", where);
    }

    @Test
    void theThreeTimeFormsGiveTheNaiveValues() throws Exception {
        long[] instants = {market.first - 1, market.bookTimes.get(5), market.bookTimes.get(5) - 1, market.tradeTimes.get(9), T0 + 700 * S,
                market.last + 10 * S};
        for (long at : instants) {
            checkAt(at, ok("at=" + at), "ns " + at);
            Instant i = Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000_000L), Math.floorMod(at, 1_000_000_000L));
            checkAt(at, ok("at=" + URLEncoder.encode(i.toString(), StandardCharsets.UTF_8)), "ISO " + i);
            if (at % MS == 0) {
                checkAt(at, ok("at=" + at / MS), "ms " + at / MS);
            }
        }
        JsonNode iso = ok("at=" + URLEncoder.encode("2023-02-01 10:05:00", StandardCharsets.UTF_8) + "&names=tvi");
        assertEquals(T0 + 300 * S, iso.get("at").asLong());
        check(iso.get("features").get("tvi"), StoredMarket.lastAtOrBefore(market.tvis, T0 + 300 * S), "tvi-tvi", "a UTC date-time without zone");
        assertEquals("2023-02-01T10:05:00Z", iso.get("at_utc").asText());
        assertEquals(List.of("tvi"), List.copyOf(iterable(iso.get("features").fieldNames())));
    }

    static List<String> iterable(java.util.Iterator<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }

    @Test
    void concurrentLookupsEachGetTheirOwnInstantsValues() throws Exception {
        List<Long> instants = new java.util.ArrayList<>();
        for (int i = 0; i < market.bookTimes.size(); i += Math.max(1, market.bookTimes.size() / 12)) {
            instants.add(market.bookTimes.get(i));
        }
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> pending = new java.util.ArrayList<>();
        for (long at : instants) {
            pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.url() + "v1/features?at=" + at)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int k = 0; k < instants.size(); k++) {
            HttpResponse<String> r = pending.get(k).get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(200, r.statusCode(), r.body());
            checkAt(instants.get(k), JSON.readTree(r.body()), "concurrent " + instants.get(k));
        }
    }

    @Test
    void badInputIsA400SayingWhatWasExpected() throws Exception {
        for (String bad : new String[] {"at=yesterday", "at=2023-13-01T00:00:00Z", "at=12.5", "at=99999999999999999999", "at="}) {
            HttpResponse<String> r = get(server, bad);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertTrue(r.body().contains("ISO-8601") || r.body().contains("required"), bad + ": " + r.body());
        }
        HttpResponse<String> none = get(server, "names=mid");
        assertEquals(400, none.statusCode());
        assertTrue(none.body().contains("at: required"), none.body());
        HttpResponse<String> name = get(server, "at=" + T0 + "&names=mid,tiv");
        assertEquals(400, name.statusCode());
        assertTrue(name.body().contains("no feature 'tiv'") && name.body().contains("tvi"), name.body());
    }

    @Test
    void withoutStorageItIsA404SayingToPassStorage() throws Exception {
        HttpResponse<String> r = get(withoutStorage, "at=" + T0);
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("--storage"), r.body());
    }
}

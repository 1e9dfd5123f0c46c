package io.featurizer.serve.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.serve.FeatureServer;
import io.featurizer.serve.ServeOptions;
import io.featurizer.serve.VectorHub;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's routes on the real server (loopback, ephemeral port), read with the JDK's HTTP client. */
class DashboardRoutesTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void servesThePageItsFilesAndItsTwoJsonAnswers() throws Exception {
        FeaturizerConfig config = FeaturizerConfig.parse(DashboardBrowserTest.YAML, "dashboard.yaml");
        FeedHealth feeds = () -> List.of(new FeedHealth.Feed("BINANCE/spot", "syncing", 12, 1, 2, 3, 4));
        try (FeatureServer server = FeatureServer.start(new ServeOptions("127.0.0.1", 0, null, false), new VectorHub(config.features()),
                List.of(new DashboardRoutes(config.features(), feeds)))) {
            HttpResponse<String> page = get(server, "");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("<script src=\"/dashboard/assets/uPlot.iife.min.js\"></script>"), "no CDN: uPlot comes from the server");

            // each file the page loads, from the jar; uPlot from its webjar
            for (String file : List.of("dashboard.js", "dashboard.css", "uPlot.iife.min.js", "uPlot.min.css")) {
                HttpResponse<String> r = get(server, "dashboard/assets/" + file);
                assertEquals(200, r.statusCode(), file);
                assertTrue(r.body().length() > 1000, file);
            }
            assertTrue(get(server, "dashboard/assets/uPlot.iife.min.js").body().contains("uPlot"));
            // nothing else: not another class path resource, not a path
            for (String other : List.of("index.html", "DashboardRoutes.class", "..%2F..%2Fpom.xml", "uPlot.cjs.js")) {
                assertEquals(404, get(server, "dashboard/assets/" + other).statusCode(), other);
            }

            // the picker's list: every output feature with its fields' keys ({feature}-{field}) and kinds
            Object features = json.readValue(get(server, "dashboard/features").body(), Object.class);
            assertEquals(Map.of("features", List.of(
                    Map.of("name", "book", "fields", List.of(
                            field("bid_prices", "book-bid_prices", "array"), field("bid_sizes", "book-bid_sizes", "array"),
                            field("ask_prices", "book-ask_prices", "array"), field("ask_sizes", "book-ask_sizes", "array"))),
                    Map.of("name", "mid", "fields", List.of(field("mid_price", "mid-mid_price", "double"))),
                    Map.of("name", "spread", "fields", List.of(field("spread", "spread-spread", "double"))),
                    Map.of("name", "tvi_10s", "fields", List.of(field("tvi", "tvi_10s-tvi", "double"))))), features);

            Object health = json.readValue(get(server, "dashboard/feeds").body(), Object.class);
            assertEquals(Map.of("feeds", List.of(Map.of("name", "BINANCE/spot", "state", "syncing", "events", 12, "resyncs", 1,
                    "reconnects", 2, "stale", 3, "dropped", 4))), health);
        }
    }

    private static Map<String, String> field(String name, String key, String type) {
        return Map.of("name", name, "key", key, "type", type);
    }

    private HttpResponse<String> get(FeatureServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

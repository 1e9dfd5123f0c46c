package io.featurizer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featurizer serve --storage DIR}: point-in-time lookups over a recording answer what {@code replay} shows
 * (the last replayed vector timed at or before the instant), and {@code /metrics}, {@code /health}, {@code /ready}
 * are served; without {@code --storage} the lookup is a 404 saying to pass it.
 */
class ServeStorageCommandTest {
    static final String CONFIG = ServeCommandTest.CONFIG; // mid and spread of one book: a single source, time-ordered
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Served(int code, String out, List<String> answers) {
    }

    /** Runs {@code serve} in the background, and once it prints its URL, {@code client} with that URL; returns what it printed. */
    static Served serve(java.util.function.Function<String, List<String>> client, String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        synchronized (FeaturizerCliTest.class) { // FeaturizerCliTest.run swaps System.out under this lock too
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> FeaturizerCli.execute(args));
                Pattern serving = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+/)");
                Matcher m = serving.matcher("");
                long deadline = System.currentTimeMillis() + 30_000;
                while (!(m = serving.matcher(out.toString(StandardCharsets.UTF_8))).find() && System.currentTimeMillis() < deadline && !cli.isDone()) {
                    Thread.sleep(20);
                }
                assertTrue(m.find(0), "no URL printed: " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
                List<String> answers = client.apply(m.group(1));
                int code = cli.get(60, TimeUnit.SECONDS);
                return new Served(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8), answers);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }

    static HttpResponse<String> get(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(url, e);
        }
    }

    @Test
    void pointInTimeLookupsOverTheStoreEqualTheReplayAndMetricsAreServed() throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, CONFIG);
        String store = dir.resolve("store").toString();
        FeaturizerCliTest.Result rec = run("record", "--config", cfg.toString(), "--storage", store, "--duration", "3s", "--rate", "500");
        assertEquals(0, rec.code(), rec.err());
        Path vectors = dir.resolve("vectors.jsonl");
        FeaturizerCliTest.Result replay = run("replay", "--config", cfg.toString(), "--storage", store, "--out", vectors.toString());
        assertEquals(0, replay.code(), replay.err());
        List<JsonNode> replayed = new ArrayList<>();
        for (String line : Files.readAllLines(vectors)) {
            replayed.add(JSON.readTree(line));
        }
        assertTrue(replayed.size() > 10, "replayed " + replayed.size());

        // instants: before the first vector, exactly on some vectors' times and a nanosecond before, after the last
        List<Long> instants = new ArrayList<>();
        long first = replayed.get(0).get("timestamp").asLong();
        long last = replayed.get(replayed.size() - 1).get("timestamp").asLong();
        instants.add(first - 1);
        for (int i = 0; i < replayed.size(); i += Math.max(1, replayed.size() / 8)) {
            long t = replayed.get(i).get("timestamp").asLong();
            instants.add(t);
            instants.add(t - 1);
        }
        instants.add(last + 60_000_000_000L);

        Served s = serve(url -> {
            List<String> answers = new ArrayList<>();
            for (long at : instants) {
                HttpResponse<String> r = get(url + "v1/features?at=" + at);
                assertEquals(200, r.statusCode(), r.body());
                answers.add(r.body());
            }
            HttpResponse<String> metrics = get(url + "metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertTrue(metrics.body().contains("# TYPE featurizer_frame_to_vector_seconds histogram"), metrics.body());
            assertTrue(metrics.body().contains("featurizer_feature_updates_total{feature=\"mid\"}"), metrics.body());
            assertEquals(200, get(url + "health").statusCode());
            HttpResponse<String> ready = get(url + "ready");
            for (int i = 0; i < 500 && ready.statusCode() != 200; i++) {
                sleep(20);
                ready = get(url + "ready");
            }
            assertEquals(200, ready.statusCode(), "the simulator's feed syncs: " + ready.body());
            assertTrue(get(url + "metrics").body().contains("featurizer_feed_synced{venue=\"BINANCE/spot\"} 1"));
            assertEquals(400, get(url + "v1/features?at=noon").statusCode());
            return answers;
        }, "serve", "--config", cfg.toString(), "--simulator", "--rate", "200", "--port", "0", "--duration", "8s", "--storage", store);
        assertEquals(0, s.code(), s.out());

        for (int k = 0; k < instants.size(); k++) {
            long at = instants.get(k);
            JsonNode expected = null; // the naive scan: the last replayed vector timed at or before `at`
            for (JsonNode v : replayed) {
                if (v.get("timestamp").asLong() <= at) {
                    expected = v;
                }
            }
            JsonNode answer = JSON.readTree(s.answers().get(k)).get("features");
            for (String column : new String[] {"mid-mid_price", "spread-spread"}) {
                String feature = column.substring(0, column.indexOf('-'));
                if (expected == null) {
                    assertTrue(answer.get(feature).isNull(), "at " + at + ": " + answer);
                } else {
                    assertEquals(expected.get(column).asDouble(), answer.get(feature).get(column).asDouble(), 0.0, "at " + at + ": " + answer);
                    assertTrue(answer.get(feature).get("timestamp").asLong() <= at, "never a value from after the instant: " + answer);
                }
            }
        }
    }

    @Test
    void withoutStorageTheLookupSaysToPassItAndAMissingStoreIsAUserError() throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, CONFIG);
        Served s = serve(url -> List.of(get(url + "v1/features?at=2023-02-01T10:00:00Z").statusCode() + " "
                + get(url + "v1/features?at=2023-02-01T10:00:00Z").body()), "serve", "--config", cfg.toString(), "--simulator", "--rate", "200",
                "--port", "0", "--duration", "2s");
        assertEquals(0, s.code(), s.out());
        FeaturizerCliTest.Result missing = run("serve", "--config", cfg.toString(), "--simulator", "--port", "0", "--duration", "1s",
                "--storage", dir.resolve("no-such-store").toString());
        assertEquals(2, missing.code(), missing.out() + missing.err());
        assertTrue(missing.err().contains("no such folder"), missing.err());
        assertTrue(s.answers().get(0).startsWith("404 ") && s.answers().get(0).contains("--storage"), s.answers().get(0));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

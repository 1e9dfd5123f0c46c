package io.featurizer.cli;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer serve --simulator} serves the dashboard at {@code /}, and its feed table reports the simulator's venue. */
class ServeDashboardTest {
    @TempDir
    Path dir;

    @Test
    void servesTheDashboardWithTheFeedsOfTheRun() throws Exception {
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, ServeCommandTest.CONFIG);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HttpClient http = HttpClient.newHttpClient();
        String page;
        String feeds = "";
        int code;
        synchronized (FeaturizerCliTest.class) { // FeaturizerCliTest.run swaps System.out under this lock too
            PrintStream oldOut = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> FeaturizerCli.execute("serve", "--config", c.toString(),
                        "--simulator", "--rate", "500", "--port", "0", "--duration", "6s"));
                Pattern serving = Pattern.compile("serving (http://127\\.0\\.0\\.1:\\d+/)");
                Matcher m = serving.matcher("");
                long deadline = System.currentTimeMillis() + 30_000;
                while (!(m = serving.matcher(out.toString(StandardCharsets.UTF_8))).find() && System.currentTimeMillis() < deadline && !cli.isDone()) {
                    Thread.sleep(20);
                }
                assertTrue(m.find(0), "no URL printed: " + out.toString(StandardCharsets.UTF_8));
                String url = m.group(1);
                page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
                // the emitter exists only once the run started: wait for the venue connection to show up
                while (!feeds.contains("\"name\":\"BINANCE/spot\"") && System.currentTimeMillis() < deadline && !cli.isDone()) {
                    feeds = http.send(HttpRequest.newBuilder(URI.create(url + "dashboard/feeds")).build(), HttpResponse.BodyHandlers.ofString()).body();
                    Thread.sleep(50);
                }
                code = cli.get(60, TimeUnit.SECONDS);
            } finally {
                System.setOut(oldOut);
            }
        }
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        assertTrue(page.contains("<title>Featurizer live</title>") && page.contains("/dashboard/assets/dashboard.js"), page);
        assertTrue(feeds.startsWith("{\"feeds\":[{\"name\":\"BINANCE/spot\",\"state\":"), feeds);
    }
}

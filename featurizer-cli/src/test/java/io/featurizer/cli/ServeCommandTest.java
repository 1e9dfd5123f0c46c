package io.featurizer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.SqlSafetyTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer serve}: wrong values are one-line user errors; a run on the simulator serves every vector it computes. */
class ServeCommandTest {
    static final String CONFIG = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
              - feature_definition: spread.relative_bid_ask_spread_fd
                name: spread
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
            """;

    @TempDir
    Path dir;

    @Test
    void wrongValuesAreUserErrors() throws IOException {
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, CONFIG);
        String cfg = c.toString();
        assertUserError(run("serve", "--config", cfg, "--simulator", "--bind", "0.0.0.0"), "no token is set: pass --token <secret>");
        assertUserError(run("serve", "--config", cfg, "--simulator", "--bind", "no-such-host.invalid"), "--bind 'no-such-host.invalid' does not resolve");
        assertUserError(run("serve", "--config", cfg, "--simulator", "--port", "70000"), "--port 70000: expected 0 (an ephemeral port) to 65535");
        assertUserError(run("serve", "--config", cfg, "--simulator", "--replay"), "--simulator and --replay are two sources");
        assertUserError(run("serve", "--config", cfg, "--simulator", "--speed", "3"), "--speed paces a replay");
        assertUserError(run("serve", "--config", cfg, "--replay", "--speed", "0", "--storage", dir.toString()), "--speed 0.0: expected a factor > 0");
        assertUserError(run("serve", "--config", cfg, "--simulator", "--token", " "), "--token is empty");
    }

    @Test
    void aReplayServesAsManyVectorsAsTheReplayCommandComputes() throws IOException {
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, CONFIG);
        String store = dir.resolve("rec").toString();
        FeaturizerCliTest.Result demo = run("demo", "--config", c.toString(), "--duration", "2s", "--storage", store, "--print-every", "0s");
        assertEquals(0, demo.code(), demo.err());
        FeaturizerCliTest.Result replay = run("replay", "--config", c.toString(), "--storage", store, "--order", "sequence",
                "--out", dir.resolve("v.jsonl").toString());
        assertEquals(0, replay.code(), replay.err());
        FeaturizerCliTest.Result serve = run("serve", "--config", c.toString(), "--replay", "--storage", store, "--order", "sequence",
                "--speed", "1000", "--port", "0");
        assertEquals(0, serve.code(), serve.err());
        assertTrue(serve.out().contains("(end of the data)"), serve.out());
        assertEquals(number(replay.out(), "replayed ([\\d,]+) input events"), number(serve.out(), "replayed ([\\d,]+) input events"));
        long vectors = number(replay.out(), "into ([\\d,]+) combined vectors");
        assertTrue(vectors > 0, replay.out());
        assertEquals(vectors, number(serve.out(), "served ([\\d,]+) combined vectors"), serve.out());
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void servesEveryVectorItComputesOverAWebSocket() throws Exception {
        Path c = dir.resolve("c.yaml");
        Files.writeString(c, CONFIG);
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        synchronized (FeaturizerCliTest.class) { // FeaturizerCliTest.run swaps System.out under this lock too
            PrintStream oldOut = System.out;
            PrintStream oldErr = System.err;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            try {
                CompletableFuture<Integer> cli = CompletableFuture.supplyAsync(() -> FeaturizerCli.execute("serve", "--config", c.toString(),
                        "--simulator", "--rate", "500", "--port", "0", "--duration", "6s"));
                Pattern serving = Pattern.compile("serving (http://127\\.0\\.0\\.1:(\\d+)/)");
                Matcher m = serving.matcher("");
                long deadline = System.currentTimeMillis() + 30_000;
                while (!(m = serving.matcher(out.toString(StandardCharsets.UTF_8))).find() && System.currentTimeMillis() < deadline && !cli.isDone()) {
                    Thread.sleep(20);
                }
                assertTrue(m.find(0), "no URL printed: " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
                HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + m.group(2) + "/v1/stream"), new WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
                code = cli.get(60, TimeUnit.SECONDS);
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed + err.toString(StandardCharsets.UTF_8));
        Matcher served = Pattern.compile("served ([\\d,]+) combined vectors").matcher(printed);
        assertTrue(served.find(), printed);
        long n = Long.parseLong(served.group(1).replace(",", ""));
        assertTrue(n > 0 && !received.isEmpty(), printed + " received " + received.size());
        // from the first vector after the client connected to the last the engine computed: every one, in order
        Pattern vector = Pattern.compile("\"vector\":(\\d+)");
        long first = -1;
        for (int i = 0; i < received.size(); i++) {
            Matcher v = vector.matcher(received.get(i));
            assertTrue(v.find(), received.get(i));
            long number = Long.parseLong(v.group(1));
            if (first < 0) {
                first = number;
            }
            assertEquals(first + i, number, "vector numbers contiguous");
            assertTrue(received.get(i).contains("\"mid-mid_price\":") && received.get(i).contains("\"spread-spread\":"), received.get(i));
        }
        assertEquals(n - 1, first + received.size() - 1, "the last vector served reached the client");
    }
}

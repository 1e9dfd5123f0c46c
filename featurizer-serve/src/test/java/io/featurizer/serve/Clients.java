package io.featurizer.serve;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real clients of the feature server for the tests: the JDK's WebSocket client and an SSE reader over its HttpClient. */
final class Clients {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private Clients() {
    }

    /** A received message and System.nanoTime() at its arrival. */
    record Received(String text, byte[] binary, long at) {
    }

    /** A WebSocket client keeping every message; {@code readAtMost} messages, then it stops reading (a deliberately slow client). */
    static final class Ws implements WebSocket.Listener {
        final List<Received> messages = Collections.synchronizedList(new ArrayList<>());
        final CompletableFuture<String> closed = new CompletableFuture<>();
        private final long readAtMost;
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private long read;
        WebSocket socket;

        Ws(long readAtMost) {
            this.readAtMost = readAtMost;
        }

        static Ws connect(String url, long readAtMost, String... headers) throws Exception {
            Ws ws = new Ws(readAtMost);
            WebSocket.Builder b = HTTP.newWebSocketBuilder();
            for (int i = 0; i < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            ws.socket = b.buildAsync(URI.create(url), ws).get(10, TimeUnit.SECONDS);
            return ws;
        }

        static Ws connect(String url) throws Exception {
            return connect(url, Long.MAX_VALUE);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add(new Received(text.toString(), null, System.nanoTime()));
                text.setLength(0);
                read++;
            }
            more(webSocket);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            bytes.write(b, 0, b.length);
            if (last) {
                messages.add(new Received(null, bytes.toByteArray(), System.nanoTime()));
                bytes = new java.io.ByteArrayOutputStream();
                read++;
            }
            more(webSocket);
            return null;
        }

        private void more(WebSocket webSocket) {
            if (read < readAtMost) {
                webSocket.request(1);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        List<Received> snapshot() {
            synchronized (messages) {
                return new ArrayList<>(messages);
            }
        }

        void close() {
            socket.abort();
        }
    }

    /** An SSE reader: every {@code data:} line is one message. */
    static final class Sse {
        final List<Received> messages = Collections.synchronizedList(new ArrayList<>());
        private final InputStream body;
        private final Thread reader;

        Sse(String url) throws Exception {
            HttpResponse<InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() != 200) {
                throw new AssertionError("SSE " + url + ": HTTP " + r.statusCode() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            body = r.body();
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        if (line.startsWith("data:")) {
                            messages.add(new Received(line.substring(5).strip(), null, System.nanoTime()));
                        }
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "sse-test-reader");
            reader.setDaemon(true);
            reader.start();
        }

        List<Received> snapshot() {
            synchronized (messages) {
                return new ArrayList<>(messages);
            }
        }

        void close() throws Exception {
            body.close();
        }
    }

    static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the condition holds (polling), failing with the message after the timeout. */
    static void await(String what, BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}

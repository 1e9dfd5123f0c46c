package io.featurizer.serve;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.text.Durations;
import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.sse.SseClient;
import io.javalin.websocket.WsContext;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The push API: {@code /v1/stream} (WebSocket) and {@code /v1/sse} (Server-Sent Events) send every combined vector as it
 * is published. Query parameters: {@code names=a,b} (a subset of the features; an unknown name is refused with HTTP 400
 * before the upgrade), {@code every=100ms} (at most one vector per interval, the latest), {@code format=json|binary}
 * (binary on WebSocket only; see {@link VectorView}).
 */
final class PushEndpoints implements Routes {
    static final String STREAM = "/v1/stream";
    static final String SSE = "/v1/sse";

    /** A client's request, checked. */
    record Request(List<Feature> names, long everyNanos, VectorView.Format format) {
    }

    private final VectorHub hub;
    private final Map<String, PushClient> webSockets = new ConcurrentHashMap<>();

    PushEndpoints(VectorHub hub) {
        this.hub = hub;
    }

    @Override
    public void addTo(JavalinConfig cfg) {
        cfg.routes.wsBeforeUpgrade(STREAM, ctx -> request(ctx::queryParams, true)); // a bad request gets its 400 before the upgrade
        cfg.routes.ws(STREAM, ws -> {
            ws.onConnect(this::connected);
            ws.onClose(ctx -> gone(ctx.sessionId()));
            ws.onError(ctx -> gone(ctx.sessionId()));
        });
        cfg.routes.before(SSE, ctx -> { // before the SSE handler commits the 200
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) { // Javalin would answer an empty 200
                throw new HttpResponseException(406, "send the header 'Accept: text/event-stream' (EventSource does; curl -H 'Accept: text/event-stream')", Map.of());
            }
            request(ctx::queryParams, false);
        });
        cfg.routes.sse(SSE, this::sse);
    }

    /** Reads and checks the query parameters; a bad one is an HTTP 400 naming the valid choices. */
    Request request(Function<String, List<String>> params, boolean webSocket) {
        List<Feature> names;
        try {
            names = hub.select(params.apply("names"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("names: " + e.getMessage(), Map.of());
        }
        long every = 0;
        String everyText = last(params.apply("every"));
        if (everyText != null && !everyText.isBlank() && !everyText.strip().matches("0+[a-z]*")) {
            try {
                every = Durations.parseNanos(everyText.strip());
            } catch (IllegalArgumentException e) {
                throw new BadRequestResponse("every: " + e.getMessage() + " (e.g. every=100ms)", Map.of());
            }
        }
        String formatText = last(params.apply("format"));
        VectorView.Format format = VectorView.Format.JSON;
        if (formatText != null && !formatText.isBlank()) {
            switch (formatText.strip().toLowerCase(Locale.ROOT)) {
                case "json" -> format = VectorView.Format.JSON;
                case "binary" -> {
                    if (!webSocket) {
                        throw new BadRequestResponse("format=binary is for the WebSocket " + STREAM + "; Server-Sent Events carry text (json)", Map.of());
                    }
                    format = VectorView.Format.BINARY;
                }
                default -> throw new BadRequestResponse("format '" + formatText + "': expected json or binary", Map.of());
            }
        }
        return new Request(names, every, format);
    }

    private static String last(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    private void connected(WsContext ctx) {
        Request r = request(ctx::queryParams, true);
        ctx.session.setIdleTimeout(Duration.ZERO); // a quiet stream is not a dead one; dead clients fall behind and are dropped
        ctx.enableAutomaticPings(15, java.util.concurrent.TimeUnit.SECONDS);
        PushClient c = hub.attach("ws", r.names(), r.format(), r.everyNanos(), new WebSocketTransport(ctx.session));
        webSockets.put(ctx.sessionId(), c);
        if (!ctx.session.isOpen()) { // closed meanwhile: onClose may have run before the put
            gone(ctx.sessionId());
        }
    }

    private void gone(String sessionId) {
        PushClient c = webSockets.remove(sessionId);
        if (c != null) {
            hub.detach(c, PushTransport.NORMAL, "connection closed");
        }
    }

    private void sse(SseClient client) {
        Request r = request(client.ctx()::queryParams, false);
        client.keepAlive();
        PushClient c = hub.attach("sse", r.names(), r.format(), r.everyNanos(), new SseTransport(client));
        client.onClose(() -> hub.detach(c, PushTransport.NORMAL, "connection closed"));
    }

    /**
     * Writes to a Jetty WebSocket session. A single message is one Jetty frame. A batch of several (a client catching up)
     * goes to Jetty as one {@link FrameRun}: the messages framed here, back to back in one buffer, written with one
     * gathering write. Jetty's per-frame path (locks, an iteration of its flusher and a write of at most its output
     * buffer per frame) delivered at most 418 k messages/s to 10 clients; framed runs deliver 1.47 M/s (BENCHMARKS.md,
     * "Framed runs"), so a client that fell behind catches up instead of staying behind. A session that negotiated an
     * extension (permessage-deflate transforms each frame's payload), and a batch holding a message longer than one
     * frame (Jetty fragments it), get one Jetty frame per message.
     */
    private static final class WebSocketTransport implements PushTransport {
        private final Session session;
        private final CoreSession core;
        private final boolean framedRuns;
        private final String remote;
        private static final int KEPT_RUN_BYTES = 64 * 1024;
        /** The last run's bytes, reused: the hub has at most one send of this client outstanding. */
        private ByteBuffer run = ByteBuffer.allocate(0);

        WebSocketTransport(Session session) {
            this.session = session;
            this.core = ((WebSocketSession) session).getCoreSession();
            this.framedRuns = core.getNegotiatedExtensions().isEmpty(); // Jetty's internal "@" extensions: none configured here
            this.remote = String.valueOf(session.getRemoteSocketAddress());
        }

        @Override
        public void send(List<PushMessage> messages, Runnable done, Consumer<Throwable> failed) {
            org.eclipse.jetty.util.Callback callback = org.eclipse.jetty.util.Callback.from(done, failed);
            int n = messages.size();
            if (n == 1 || (framedRuns && withinFrameLimit(messages))) {
                Frame frame = n == 1 ? frame(messages.get(0)) : FrameRun.of(messages, this::runBuffer);
                core.sendFrame(frame, callback, false);
                return;
            }
            for (int i = 0; i < n; i++) {
                boolean last = i == n - 1;
                // frames complete in order, and a failed write fails the frames after it: the last one's callback speaks for all
                core.sendFrame(frame(messages.get(i)), last ? callback : org.eclipse.jetty.util.Callback.NOOP, !last);
            }
        }

        /**
         * Every message fits one frame: Jetty splits a longer one into fragments (auto-fragment, 64 KB frames by
         * default), and splitting a run would cut through the headers framed inside it.
         */
        private boolean withinFrameLimit(List<PushMessage> messages) {
            long limit = core.isAutoFragment() && core.getMaxFrameSize() > 0 ? core.getMaxFrameSize() : Long.MAX_VALUE;
            for (int i = 0, n = messages.size(); i < n; i++) {
                if (messages.get(i).bytes().length > limit) {
                    return false;
                }
            }
            return true;
        }

        private static Frame frame(PushMessage m) {
            return new Frame(FrameRun.opCode(m), ByteBuffer.wrap(m.bytes()).asReadOnlyBuffer());
        }

        /** Reuses up to 64 KB per client (about 250 JSON vectors of five features); a longer run gets a buffer of its own. */
        private ByteBuffer runBuffer(int size) {
            if (size > KEPT_RUN_BYTES) {
                return ByteBuffer.allocate(size);
            }
            if (run.capacity() < size) {
                run = ByteBuffer.allocate(Math.min(KEPT_RUN_BYTES, Math.max(size, 2 * run.capacity())));
            }
            return run.clear();
        }
        @Override
        public void close(int code, String reason) {
            try {
                session.close(code, reason, Callback.NOOP);
                if (code == TOO_SLOW) {
                    session.disconnect(); // it does not read, so the close frame would wait behind its backlog
                }
            } catch (RuntimeException e) {
                // already gone
            }
        }

        @Override
        public String remote() {
            return remote;
        }
    }

    /** Writes to an SSE response, one {@code data:} event per message, on a thread of its own (the writes block). */
    private static final class SseTransport implements PushTransport {
        private final SseClient client;
        private final String remote;
        private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "featurizer-serve-sse");
            t.setDaemon(true);
            return t;
        });

        SseTransport(SseClient client) {
            this.client = client;
            this.remote = client.ctx().req().getRemoteAddr() + ":" + client.ctx().req().getRemotePort();
        }

        @Override
        public void send(List<PushMessage> messages, Runnable done, Consumer<Throwable> failed) {
            List<PushMessage> copy = List.copyOf(messages); // the caller reuses its list
            try {
                writer.execute(() -> {
                    try {
                        for (PushMessage m : copy) {
                            client.sendData(m.text());
                        }
                        if (client.terminated()) {
                            throw new IOException("SSE client went away");
                        }
                    } catch (Throwable t) {
                        failed.accept(t);
                        return;
                    }
                    done.run();
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                failed.accept(e);
            }
        }

        @Override
        public void close(int code, String reason) {
            if (code == TOO_SLOW) {
                try { // a blocked write ends only when the connection does
                    ServletContextRequest.getServletContextRequest(client.ctx().req()).getConnectionMetaData().getConnection().getEndPoint().close();
                } catch (RuntimeException e) {
                    // already gone
                }
            }
            client.close();
            writer.shutdown();
        }

        @Override
        public String remote() {
            return remote;
        }
    }
}

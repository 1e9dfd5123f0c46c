package io.featurizer.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.exchanges.live.Clock;
import io.featurizer.exchanges.live.FeedStats;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format, {@link ServeMetrics}), {@code GET /health} (the process answers: 200)
 * and {@code GET /ready} (200 when every live feed is connected, has every book in sequence and is not stale; else
 * 503, the JSON body saying which feed is not and why). A server with no live feeds (a replay) is ready at once.
 */
public final class HealthRoutes implements Routes {
    private static final JsonFactory JSON = new JsonFactory();

    private final ServeMetrics metrics;
    private final Supplier<Map<String, FeedStats>> feeds;

    /** @param feeds the live feeds' stats by venue, read on every request (e.g. {@code emitter::stats}; {@code Map::of} for none) */
    public HealthRoutes(ServeMetrics metrics, Supplier<Map<String, FeedStats>> feeds) {
        this.metrics = metrics;
        this.feeds = feeds;
    }

    @Override
    public void addTo(JavalinConfig cfg) {
        cfg.routes.get("/metrics", this::metrics);
        cfg.routes.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"alive\"}"));
        cfg.routes.get("/ready", this::ready);
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.write(out);
        ctx.contentType(metrics.contentType()).result(out.toByteArray());
    }

    private void ready(Context ctx) throws IOException {
        List<FeedHealth> all = FeedHealth.of(feeds.get(), Clock.nowNanos());
        FeedHealth notReady = all.stream().filter(h -> !h.ready()).findFirst().orElse(null);
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartObject();
            json.writeBooleanField("ready", notReady == null);
            if (notReady != null) {
                json.writeStringField("reason", "feed " + notReady.venue() + " is not ready: " + notReady.reason());
            }
            json.writeArrayFieldStart("feeds");
            for (FeedHealth h : all) {
                json.writeStartObject();
                json.writeStringField("venue", h.venue());
                json.writeBooleanField("ready", h.ready());
                json.writeBooleanField("connected", h.connected());
                json.writeBooleanField("synced", h.synced());
                json.writeBooleanField("stale", h.stale());
                json.writeNumberField("books", h.books());
                json.writeNumberField("synced_books", h.syncedBooks());
                if (h.lastFrameAgeNanos() >= 0) {
                    json.writeNumberField("last_frame_age_seconds", h.lastFrameAgeNanos() / 1e9);
                }
                json.writeStringField("reason", h.reason());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        ctx.status(notReady == null ? 200 : 503).contentType("application/json").result(w.toString());
    }
}

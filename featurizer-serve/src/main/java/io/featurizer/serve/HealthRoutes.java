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
 * 503, the JSON body saying which feed is not and why). A server on live feeds is not ready before its feeds
 * start; one without (a replay from storage) is ready at once.
 */
public final class HealthRoutes implements Routes {
    private static final JsonFactory JSON = new JsonFactory();

    private final ServeMetrics metrics;
    private final Supplier<Map<String, FeedStats>> feeds;
    private final boolean live;

    private HealthRoutes(ServeMetrics metrics, Supplier<Map<String, FeedStats>> feeds, boolean live) {
        this.metrics = metrics;
        this.feeds = feeds;
        this.live = live;
    }

    /** On live feeds: {@code feeds} gives their stats by venue on every request ({@code emitter::stats}); none yet is not ready. */
    public static HealthRoutes live(ServeMetrics metrics, Supplier<Map<String, FeedStats>> feeds) {
        return new HealthRoutes(metrics, feeds, true);
    }

    /** Without live feeds (a replay from storage): always ready. */
    public static HealthRoutes withoutFeeds(ServeMetrics metrics) {
        return new HealthRoutes(metrics, Map::of, false);
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
        String reason = notReady != null ? "feed " + notReady.venue() + " is not ready: " + notReady.reason()
                : live && all.isEmpty() ? "no live feed has started yet" : null;
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartObject();
            json.writeBooleanField("ready", reason == null);
            if (reason != null) {
                json.writeStringField("reason", reason);
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
        ctx.status(reason == null ? 200 : 503).contentType("application/json").result(w.toString());
    }
}

package io.featurizer.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.feature.Feature;
import io.javalin.config.JavalinConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/**
 * The pull API: {@code GET /v1/features/latest[?names=a,b]} and {@code GET /v1/features/{name}/latest}, each feature as
 * {@code {"timestamp":..,"receipt_timestamp":..,"sequence":..,"vector":..,"{name}-{field}":..}} with the times of its
 * own latest event ({@link LatestValues}); and {@code GET /v1/clients}, the connected push clients.
 */
final class PullEndpoints implements Routes {
    private static final JsonFactory JSON = new JsonFactory();

    private final VectorHub hub;

    PullEndpoints(VectorHub hub) {
        this.hub = hub;
    }

    @Override
    public void addTo(JavalinConfig cfg) {
        cfg.routes.get("/v1/features/latest", this::all);
        cfg.routes.get("/v1/features/{name}/latest", this::one);
        cfg.routes.get("/v1/clients", this::clients);
    }

    private void all(Context ctx) throws IOException {
        List<Feature> selected;
        try {
            selected = hub.select(ctx.queryParams("names"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse("names: " + e.getMessage(), Map.of());
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartObject();
            for (Feature f : selected) {
                json.writeFieldName(f.name());
                hub.latest().write(json, hub.indexOf(f.name()));
            }
            json.writeEndObject();
        }
        ctx.contentType("application/json").result(w.toString());
    }

    private void one(Context ctx) throws IOException {
        String name = ctx.pathParam("name");
        int i = hub.indexOf(name);
        if (i < 0) {
            throw new NotFoundResponse(hub.unknown(name), Map.of());
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            hub.latest().write(json, i);
        }
        ctx.contentType("application/json").result(w.toString());
    }

    private void clients(Context ctx) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartArray();
            for (ClientStats c : hub.clients()) {
                json.writeStartObject();
                json.writeStringField("id", c.id());
                json.writeStringField("kind", c.kind());
                json.writeStringField("remote", c.remote());
                json.writeStringField("format", c.format());
                json.writeNumberField("queue_depth", c.queueDepth());
                json.writeNumberField("dropped", c.dropped());
                json.writeNumberField("skipped", c.skipped());
                json.writeNumberField("sent", c.sent());
                json.writeNumberField("writes", c.writes());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        ctx.contentType("application/json").result(w.toString());
    }
}

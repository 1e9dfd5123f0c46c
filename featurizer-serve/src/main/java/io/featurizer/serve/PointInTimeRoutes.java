package io.featurizer.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.offline.compute.MissingDataException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/features?at=<time>[&names=a,b]}: the value each feature of the config had at that instant over
 * storage ({@link PointInTimeLookup}): {@code {"at":ns,"at_utc":"...","features":{"mid":{"timestamp":..,
 * "receipt_timestamp":..,"mid-mid_price":..},"tvi":null}}}, null for a feature with no value yet. {@code at} is
 * ISO-8601 (UTC unless it has an offset) or epoch milliseconds / nanoseconds ({@link io.featurizer.core.text.Instants}); a bad time or
 * name is a 400 saying what was expected. Without storage ({@code lookup} null) the endpoint answers 404 saying to
 * start the server with {@code --storage}.
 */
public final class PointInTimeRoutes implements Routes {
    private static final JsonFactory JSON = new JsonFactory();

    private final PointInTimeLookup lookup;

    /** @param lookup the lookup over the server's storage, or null when it has none */
    public PointInTimeRoutes(PointInTimeLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public void addTo(JavalinConfig cfg) {
        cfg.routes.get("/v1/features", this::at);
    }

    private void at(Context ctx) throws IOException {
        if (lookup == null) {
            error(ctx, 404, "point-in-time lookups read storage: start the server with --storage <dir> (a store written by record or ingest)");
            return;
        }
        String atText = ctx.queryParam("at");
        if (atText == null) {
            error(ctx, 400, "at: required, the instant to look up, e.g. ?at=2023-02-01T10:00:00Z or ?at=1675245600000 (epoch ms)");
            return;
        }
        long at;
        try {
            at = io.featurizer.core.text.Instants.parseNanos(atText);
        } catch (IllegalArgumentException e) {
            error(ctx, 400, "at: " + e.getMessage());
            return;
        }
        List<String> names = new ArrayList<>();
        for (String list : ctx.queryParams("names")) {
            for (String name : list.split(",")) {
                if (!name.isBlank() && !names.contains(name.strip())) {
                    names.add(name.strip());
                }
            }
        }
        if (names.isEmpty()) {
            names = lookup.names();
        }
        Map<String, PointInTimeLookup.Value> values;
        try {
            values = lookup.at(at, names);
        } catch (PointInTimeLookup.UnknownFeatureException e) {
            error(ctx, 400, "names: " + e.getMessage());
            return;
        } catch (MissingDataException e) {
            error(ctx, 404, e.getMessage());
            return;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartObject();
            json.writeNumberField("at", at);
            json.writeStringField("at_utc", Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000_000L), Math.floorMod(at, 1_000_000_000L)).toString());
            json.writeObjectFieldStart("features");
            for (Map.Entry<String, PointInTimeLookup.Value> e : values.entrySet()) {
                json.writeFieldName(e.getKey());
                PointInTimeLookup.Value v = e.getValue();
                if (v == null) {
                    json.writeNull();
                    continue;
                }
                json.writeStartObject();
                json.writeNumberField("timestamp", v.timestamp());
                json.writeNumberField("receipt_timestamp", v.receiptTimestamp());
                for (Map.Entry<String, Object> f : v.fields().entrySet()) {
                    json.writeFieldName(f.getKey());
                    if (f.getValue() instanceof Long l) {
                        json.writeNumber(l);
                    } else if (f.getValue() instanceof double[] a) {
                        json.writeStartArray();
                        for (double d : a) {
                            number(json, d);
                        }
                        json.writeEndArray();
                    } else {
                        number(json, (Double) f.getValue());
                    }
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        ctx.contentType("application/json").result(w.toString());
    }

    /** NaN and infinities are null, as in every JSON vector of the project ({@code VectorJsonLines}). */
    private static void number(JsonGenerator json, double v) throws IOException {
        if (Double.isFinite(v)) {
            json.writeNumber(v);
        } else {
            json.writeNull();
        }
    }

    private static void error(Context ctx, int status, String message) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        }
        ctx.status(status).contentType("application/json").result(w.toString());
    }
}

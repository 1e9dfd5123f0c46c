package io.featurizer.serve.inference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.offline.VectorJsonLines;
import io.featurizer.serve.Routes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.StringWriter;

/**
 * {@code GET /v1/models}: each model of the {@link InferenceHook} with its counts and newest prediction, at once (the
 * same prediction reaches {@code /v1/features/model.<name>/latest} and the push streams with the next vector):
 * <pre>{"models":[{"name":"lr","feature":"model.lr","outputs":["probability"],"delivered":..,"skipped":..,
 *   "predicted":..,"errors":..,"publish_errors":..,
 *   "latest":{"timestamp":..,"receipt_timestamp":..,"model.lr-probability":..,"model.lr-input_seq":..}}]}</pre>
 * {@code latest} is null before the first prediction.
 */
public final class ModelEndpoints implements Routes {
    private static final JsonFactory JSON = new JsonFactory();
    private final InferenceHook hook;

    public ModelEndpoints(InferenceHook hook) {
        this.hook = hook;
    }

    @Override
    public void addTo(JavalinConfig cfg) {
        cfg.routes.get("/v1/models", this::models);
    }

    private void models(Context ctx) throws IOException {
        StringWriter w = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(w)) {
            json.writeStartObject();
            json.writeArrayFieldStart("models");
            for (InferenceLoop loop : hook.loops()) {
                InferenceLoop.InferenceStats s = loop.stats();
                json.writeStartObject();
                json.writeStringField("name", loop.model().name());
                json.writeStringField("feature", loop.outputFeature().name());
                json.writeArrayFieldStart("outputs");
                for (String o : loop.model().outputs()) {
                    json.writeString(o);
                }
                json.writeEndArray();
                json.writeNumberField("delivered", s.delivered());
                json.writeNumberField("skipped", s.skipped());
                json.writeNumberField("predicted", s.predicted());
                json.writeNumberField("errors", s.errors());
                json.writeNumberField("publish_errors", s.publishErrors());
                FeatureEvent latest = loop.latestOutput();
                json.writeFieldName("latest");
                if (latest == null) {
                    json.writeNull();
                } else {
                    json.writeStartObject();
                    json.writeNumberField("timestamp", latest.ts());
                    json.writeNumberField("receipt_timestamp", latest.receiptTs());
                    VectorJsonLines.writeFields(json, VectorJsonLines.columnKeys(loop.outputFeature()), latest, latest.schema());
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        ctx.contentType("application/json").result(w.toString());
    }
}

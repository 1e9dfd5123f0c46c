package io.featurizer.serve.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.serve.Routes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live dashboard at {@code /}: a page (HTML, JS and CSS from this jar, uPlot from its webjar; no CDN) that charts the
 * features the user picks, shows the top of book and the feeds' health, updating from the server's SSE stream
 * {@code /v1/sse}. Besides the page it answers two small JSON requests: {@code /dashboard/features} (the config's
 * features and their fields, for the picker) and {@code /dashboard/feeds} ({@link FeedHealth}). With a token set, the
 * page is opened as {@code /?token=...}: the server's token check then gives the browser a cookie for the page's own
 * files, and the script passes the token on to the stream and the JSON requests.
 */
public final class DashboardRoutes implements Routes {
    /** uPlot's files inside its webjar ({@code org.webjars.npm:uplot}, the version the pom names). */
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String PAGE = "io/featurizer/serve/dashboard/";

    private static final String JS = "text/javascript; charset=utf-8", CSS = "text/css; charset=utf-8";

    /** A file of the page, read from the jar once. */
    private record Asset(byte[] body, String contentType) {
        static Asset load(String path, String contentType) {
            try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing from the jar: " + path);
                }
                return new Asset(in.readAllBytes(), contentType);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void send(Context ctx) {
            ctx.contentType(contentType).header("Cache-Control", "no-cache").result(body);
        }
    }

    private static final Asset INDEX = Asset.load(PAGE + "index.html", "text/html; charset=utf-8");
    /** The files the page loads, by the name it asks for: a fixed list, so no request can name another resource. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "dashboard.js", Asset.load(PAGE + "dashboard.js", JS),
            "dashboard.css", Asset.load(PAGE + "dashboard.css", CSS),
            "uPlot.iife.min.js", Asset.load(UPLOT + "uPlot.iife.min.js", JS),
            "uPlot.min.css", Asset.load(UPLOT + "uPlot.min.css", CSS));

    private final String featuresJson;
    private final FeedHealth feeds;

    /** @param features the config's output features, in the order of the combined vector */
    public DashboardRoutes(List<Feature> features, FeedHealth feeds) {
        this.featuresJson = featuresJson(features);
        this.feeds = feeds;
    }

    @Override
    public void addTo(JavalinConfig cfg) {
        cfg.routes.get("/", INDEX::send);
        cfg.routes.get("/dashboard/features", ctx -> ctx.contentType("application/json").result(featuresJson));
        cfg.routes.get("/dashboard/feeds", ctx -> ctx.contentType("application/json").result(feedsJson(feeds.feeds())));
        cfg.routes.get("/dashboard/assets/{file}", ctx -> {
            Asset asset = ASSETS.get(ctx.pathParam("file"));
            if (asset == null) {
                throw new NotFoundResponse();
            }
            asset.send(ctx);
        });
    }

    /** {@code {"features":[{"name":..,"fields":[{"name":..,"key":"{feature}-{field}","type":"double|long|array"}]}]}}. */
    static String featuresJson(List<Feature> features) {
        return json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("features");
            for (Feature f : features) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeArrayFieldStart("fields");
                Schema s = f.schema();
                for (int i = 0; i < s.size(); i++) {
                    g.writeStartObject();
                    g.writeStringField("name", s.field(i).name());
                    g.writeStringField("key", f.name() + "-" + s.field(i).name()); // VectorJsonLines' key
                    g.writeStringField("type", s.type(i) == FieldType.DOUBLE_ARRAY ? "array" : s.type(i).name().toLowerCase(Locale.ROOT));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {"feeds":[{"name":"BINANCE/spot","state":"live","events":..,"resyncs":..,"reconnects":..,"stale":..,"dropped":..}]}}. */
    static String feedsJson(List<FeedHealth.Feed> feeds) {
        return json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("feeds");
            for (FeedHealth.Feed f : feeds) {
                g.writeStartObject();
                g.writeStringField("name", f.name());
                g.writeStringField("state", f.state());
                g.writeNumberField("events", f.events());
                g.writeNumberField("resyncs", f.resyncs());
                g.writeNumberField("reconnects", f.reconnects());
                g.writeNumberField("stale", f.stale());
                g.writeNumberField("dropped", f.dropped());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    private interface JsonBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(JsonBody body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

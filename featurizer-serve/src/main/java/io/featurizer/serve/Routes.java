package io.featurizer.serve;

import io.javalin.config.JavalinConfig;

/**
 * More endpoints on the feature server (metrics, health, the dashboard, inference outputs), added by whoever
 * provides them, without touching {@link FeatureServer}. Called once while the server is configured, before it
 * starts; the server's token check already covers every route added here.
 */
@FunctionalInterface
public interface Routes {
    /** Adds routes, e.g. {@code cfg.routes.get("/health", ctx -> ctx.result("ok"))}. */
    void addTo(JavalinConfig cfg);
}

package io.featurizer.serve;

import io.javalin.Javalin;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature server: an embedded Javalin (Jetty) HTTP server with the push API ({@code /v1/stream} WebSocket,
 * {@code /v1/sse} Server-Sent Events), the pull API ({@code /v1/features/latest}, {@code /v1/features/{name}/latest}),
 * {@code /v1/clients}, and whatever {@link Routes} others add (metrics, health, the dashboard). Every request passes
 * the token check when {@link ServeOptions#token()} is set. See docs/serving.md.
 */
public final class FeatureServer implements AutoCloseable {
    private final Javalin app;
    private final VectorHub hub;
    private final String host;

    private FeatureServer(Javalin app, VectorHub hub, String host) {
        this.app = app;
        this.hub = hub;
        this.host = host;
    }

    /**
     * Starts listening; returns once the port is bound.
     *
     * @throws IllegalArgumentException the options are unsafe or invalid ({@link ServeOptions#checkedAddress()})
     * @throws IllegalStateException    the address cannot be bound (e.g. the port is in use)
     */
    public static FeatureServer start(ServeOptions options, VectorHub hub, List<Routes> extra) {
        InetAddress address = options.checkedAddress();
        TokenCheck auth = new TokenCheck(options.token());
        List<Routes> routes = new ArrayList<>();
        routes.add(new PushEndpoints(hub));
        routes.add(new PullEndpoints(hub));
        routes.addAll(extra);
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = address.getHostAddress();
            cfg.jetty.port = options.port();
            cfg.routes.before(auth::check);
            cfg.routes.wsBeforeUpgrade(auth::check);
            routes.forEach(r -> r.addTo(cfg));
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            try {
                app.stop();
            } catch (RuntimeException ignored) {
                // it did not start
            }
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            String why = String.valueOf(cause.getMessage());
            String hint = why.contains("in use") ? "; pick another port, or 0 for any free one"
                    : why.contains("assign requested address") ? "; " + options.bind() + " is not an address of this machine" : "";
            throw new IllegalStateException("cannot listen on " + hostForUrl(address) + ":" + options.port() + ": " + why + hint, e);
        }
        return new FeatureServer(app, hub, hostForUrl(address));
    }

    private static String hostForUrl(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    /** The port listened on (the ephemeral one when started with port 0). */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port/}. */
    public String url() {
        return "http://" + host + ":" + port() + "/";
    }

    public VectorHub hub() {
        return hub;
    }

    /** Disconnects the push clients and stops listening. */
    @Override
    public void close() {
        hub.close();
        app.stop();
    }
}

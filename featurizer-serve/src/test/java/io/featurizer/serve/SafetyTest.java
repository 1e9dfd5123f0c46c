package io.featurizer.serve;

import io.featurizer.core.feature.Feature;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Safe by default: a token guards every route (plugged-in ones too), and a non-loopback bind needs a token or --insecure. */
class SafetyTest {
    static final String TOKEN = "s3cret-token";

    @Test
    void withATokenEveryRequestNeedsIt() throws Exception {
        VectorHub hub = new VectorHub(SimulatedFeed.features());
        Routes extra = cfg -> cfg.routes.get("/extra", ctx -> ctx.result("plugged in"));
        try (FeatureServer server = FeatureServer.start(new ServeOptions("127.0.0.1", 0, TOKEN, false), hub, List.of(extra))) {
            String http = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/v1/features/latest", "/v1/features/mid_price/latest", "/v1/clients", "/v1/sse", "/extra")) {
                assertEquals(401, Clients.get(http + path, "Accept", "text/event-stream").statusCode(), path + " without a token");
                assertEquals(401, Clients.get(http + path, "Accept", "text/event-stream", "Authorization", "Bearer wrong").statusCode(), path + " with a wrong token");
            }
            assertEquals(200, Clients.get(http + "/v1/features/latest", "Authorization", "Bearer " + TOKEN).statusCode());
            HttpResponse<String> extraOk = Clients.get(http + "/extra", "Authorization", "Bearer " + TOKEN);
            assertEquals("plugged in", extraOk.body());
            // ?token= for browsers, which then carry a cookie
            HttpResponse<String> viaQuery = Clients.get(http + "/v1/features/latest?token=" + TOKEN);
            assertEquals(200, viaQuery.statusCode());
            String cookie = viaQuery.headers().firstValue("Set-Cookie").orElseThrow();
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            assertEquals(200, Clients.get(http + "/extra", "Cookie", cookie.substring(0, cookie.indexOf(';'))).statusCode());

            String ws = "ws://127.0.0.1:" + server.port() + "/v1/stream";
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> Clients.HTTP.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() { }).get());
            assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
            Clients.Ws.connect(ws, Long.MAX_VALUE, "Authorization", "Bearer " + TOKEN).close();
            Clients.Ws.connect(ws + "?token=" + TOKEN).close();
        }
    }

    @Test
    void beyondLoopbackNeedsATokenOrInsecure() {
        VectorHub hub = new VectorHub(SimulatedFeed.features());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureServer.start(new ServeOptions("0.0.0.0", 0, null, false), hub, List.of()));
        assertTrue(e.getMessage().contains("--token") && e.getMessage().contains("--insecure"), e.getMessage());
        new ServeOptions("0.0.0.0", 0, TOKEN, false).checkedAddress();
        new ServeOptions("0.0.0.0", 0, null, true).checkedAddress();
        new ServeOptions("localhost", 0, null, false).checkedAddress();
        assertThrows(IllegalArgumentException.class, () -> new ServeOptions("no-such-host.invalid", 0, null, false).checkedAddress());
        assertThrows(IllegalArgumentException.class, () -> new ServeOptions("127.0.0.1", 70_000, null, false));
        assertThrows(IllegalArgumentException.class, () -> new ServeOptions("127.0.0.1", 0, " ", false));
    }

    @Test
    void aPortInUseIsAClearError() {
        VectorHub hub = new VectorHub(SimulatedFeed.features());
        try (FeatureServer first = FeatureServer.start(ServeOptions.defaults().withPort(0), hub, List.of())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FeatureServer.start(ServeOptions.defaults().withPort(first.port()), new VectorHub(List.<Feature>of()), List.of()));
            assertTrue(e.getMessage().contains("in use") && e.getMessage().contains("pick another port"), e.getMessage());
        }
    }
}

package io.featurizer.serve;

import io.javalin.http.Context;
import io.javalin.http.UnauthorizedResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * With a token set, every request (HTTP, SSE, WebSocket upgrade) must carry it: {@code Authorization: Bearer <token>},
 * or {@code ?token=<token>} where a client cannot set headers (a browser's EventSource or WebSocket). A request that
 * passed with {@code ?token=} gets an HttpOnly, same-site cookie, so the page's own assets and streams load too.
 * Tokens are compared in constant time.
 */
final class TokenCheck {
    static final String COOKIE = "featurizer_token";

    private final byte[] token;
    private final String cookie;

    TokenCheck(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.cookie = token == null ? null : COOKIE + "=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "; Path=/; HttpOnly; SameSite=Strict";
    }

    void check(Context ctx) {
        if (token == null) {
            return;
        }
        if (matches(bearer(ctx.header("Authorization")))) {
            return;
        }
        if (matches(ctx.queryParam("token"))) {
            ctx.header("Set-Cookie", cookie);
            return;
        }
        String fromCookie = ctx.cookie(COOKIE);
        if (fromCookie != null && matches(java.net.URLDecoder.decode(fromCookie, StandardCharsets.UTF_8))) {
            return;
        }
        throw new UnauthorizedResponse("missing or wrong token: send the header 'Authorization: Bearer <token>' (or ?token=<token> where headers cannot be set)",
                Map.of());
    }

    private boolean matches(String given) {
        return given != null && MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }
}

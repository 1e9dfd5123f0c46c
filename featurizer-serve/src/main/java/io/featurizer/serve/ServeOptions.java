package io.featurizer.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where and how the feature server listens. Safe by default: loopback only, port 8080. Binding an address other
 * machines can reach needs a bearer {@code token}, or an explicit {@code insecure} to serve without one.
 *
 * @param bind     host name or address to listen on (default {@value #DEFAULT_BIND})
 * @param port     TCP port, 0 for an ephemeral one (default {@value #DEFAULT_PORT})
 * @param token    bearer token every request must carry, or null for none
 * @param insecure serve beyond loopback without a token (the user said so)
 */
public record ServeOptions(String bind, int port, String token, boolean insecure) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public ServeOptions {
        bind = bind == null || bind.isBlank() ? DEFAULT_BIND : bind.strip();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + ": expected 0 (an ephemeral port) to 65535");
        }
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token is empty: give a secret string, or no token at all");
        }
    }

    /** Loopback, port 8080, no token. */
    public static ServeOptions defaults() {
        return new ServeOptions(DEFAULT_BIND, DEFAULT_PORT, null, false);
    }

    public ServeOptions withPort(int newPort) {
        return new ServeOptions(bind, newPort, token, insecure);
    }

    public ServeOptions withToken(String newToken) {
        return new ServeOptions(bind, port, newToken, insecure);
    }

    /**
     * The address to bind, checked: it resolves, and beyond loopback a token or {@code insecure} is given.
     *
     * @throws IllegalArgumentException saying what is wrong and what to pass instead
     */
    public InetAddress checkedAddress() {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bind address '" + bind + "' does not resolve to an address; expected e.g. "
                    + DEFAULT_BIND + " (loopback, the default), 0.0.0.0 (every interface) or one of this machine's addresses");
        }
        if (!address.isLoopbackAddress() && token == null && !insecure) {
            throw new IllegalArgumentException("bind address '" + bind + "' is reachable from other machines" + (address.isAnyLocalAddress() ? " (every interface)" : "")
                    + " and no token is set: pass --token <secret> (clients then send 'Authorization: Bearer <secret>'), "
                    + "or --insecure to serve without one, or bind " + DEFAULT_BIND);
        }
        return address;
    }
}

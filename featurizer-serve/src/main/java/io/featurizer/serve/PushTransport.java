package io.featurizer.serve;

import java.util.List;
import java.util.function.Consumer;

/** How messages reach one push client (a WebSocket session, an SSE response). */
interface PushTransport {
    /** WebSocket close codes used (RFC 6455): normal end, server going away, and a client too slow (policy violation). */
    int NORMAL = 1000;
    int GOING_AWAY = 1001;
    int TOO_SLOW = 1008;

    /**
     * Starts sending the messages in order and returns without waiting for the client; exactly one of {@code done}
     * (all written) or {@code failed} runs later, on any thread, possibly before this returns. The hub never has two
     * sends of one client outstanding.
     */
    void send(List<PushMessage> messages, Runnable done, Consumer<Throwable> failed);

    /** Ends the connection, with a code and a reason the client may see; fails a send in progress; safe from any thread, more than once. */
    void close(int code, String reason);

    /** The client's address, for stats. */
    String remote();
}

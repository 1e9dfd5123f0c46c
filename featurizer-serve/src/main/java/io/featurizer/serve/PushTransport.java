package io.featurizer.serve;

import java.util.List;

/** How messages reach one push client (a WebSocket session, an SSE response). Called by that client's sender thread only. */
interface PushTransport {
    /** Sends the messages in order; returns once they are written (blocks while the client does not read). */
    void send(List<PushMessage> messages) throws Exception;

    /** Sends one text message outside the vector stream (a binary client's column list). */
    void sendText(String text) throws Exception;

    /** WebSocket close codes used (RFC 6455): normal end, server going away, and a client too slow (policy violation). */
    int NORMAL = 1000;
    int GOING_AWAY = 1001;
    int TOO_SLOW = 1008;

    /** Ends the connection, with a code and a reason the client may see; safe from any thread, more than once. */
    void close(int code, String reason);

    /** The client's address, for stats. */
    String remote();
}

package io.featurizer.serve;

import java.nio.charset.StandardCharsets;

/**
 * One encoded vector, shared by every client of a {@link VectorView}: JSON as UTF-8 {@code bytes} or a binary frame (see
 * {@link VectorView} for the layout). Never changed once built; the text form is made only for the clients that send text
 * (Server-Sent Events), once.
 */
final class PushMessage {
    private final long vector;
    private final boolean binary;
    private final byte[] bytes;
    private volatile String text;

    PushMessage(long vector, boolean binary, byte[] bytes) {
        this.vector = vector;
        this.binary = binary;
        this.bytes = bytes;
    }

    /** A JSON message. */
    static PushMessage json(long vector, String text) {
        PushMessage m = new PushMessage(vector, false, text.getBytes(StandardCharsets.UTF_8));
        m.text = text;
        return m;
    }

    long vector() {
        return vector;
    }

    boolean isBinary() {
        return binary;
    }

    byte[] bytes() {
        return bytes;
    }

    /** The JSON text (null for a binary frame). */
    String text() {
        if (binary) {
            return null;
        }
        String t = text;
        if (t == null) {
            t = new String(bytes, StandardCharsets.UTF_8);
            text = t;
        }
        return t;
    }
}

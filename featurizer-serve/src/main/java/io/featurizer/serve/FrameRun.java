package io.featurizer.serve;

import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Several push messages handed to Jetty as one frame, so they leave in one write. Jetty writes the WebSocket header of
 * the first message (from {@link #getPayloadLength()}) and then this frame's payload as it is: the rest of the first
 * message, then every further message with its header made here (RFC 6455 section 5.2; a server's frames are not
 * masked). The client sees ordinary frames, one per message.
 *
 * <p>Only for a session without extensions (an extension such as permessage-deflate would transform the whole
 * payload), for messages that each fit one frame (Jetty's auto-fragmenting cuts the whole payload once the first
 * message is over the frame limit), sent with batching off (Jetty's batch buffer sizes a frame by its payload length).
 */
final class FrameRun extends Frame {
    private final int firstLength;

    private FrameRun(byte opCode, ByteBuffer payload, int firstLength) {
        super(opCode, true, payload);
        this.firstLength = firstLength;
    }

    /**
     * The messages, in order, framed back to back in a buffer from {@code buffer} (asked for the exact size).
     */
    static FrameRun of(List<PushMessage> messages, IntFunction<ByteBuffer> buffer) {
        int size = 0;
        for (PushMessage m : messages) {
            size += headerLength(m.bytes().length) + m.bytes().length;
        }
        PushMessage first = messages.get(0);
        ByteBuffer b = buffer.apply(size - headerLength(first.bytes().length));
        b.put(first.bytes());
        for (int i = 1, n = messages.size(); i < n; i++) {
            PushMessage m = messages.get(i);
            putHeader(b, opCode(m), m.bytes().length);
            b.put(m.bytes());
        }
        return new FrameRun(opCode(first), b.flip(), first.bytes().length);
    }

    /** The first message's length: Jetty frames that one; the rest of the payload is framed already. */
    @Override
    public int getPayloadLength() {
        return firstLength;
    }

    static byte opCode(PushMessage m) {
        return m.isBinary() ? OpCode.BINARY : OpCode.TEXT;
    }

    /** Bytes of an unmasked header for a payload of {@code length} bytes: 2, 4 (16-bit length) or 10 (64-bit length). */
    static int headerLength(int length) {
        return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    }

    /** A final frame's unmasked header. */
    static void putHeader(ByteBuffer b, byte opCode, int length) {
        b.put((byte) (0x80 | opCode));
        if (length < 126) {
            b.put((byte) length);
        } else if (length <= 0xFFFF) {
            b.put((byte) 126).putShort((short) length);
        } else {
            b.put((byte) 127).putLong(length);
        }
    }
}

package io.featurizer.exchanges.live;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A one-connection WebSocket server on loopback that writes exactly the bytes a test asks for, so
 * tests control framing to the bit (lengths, fragments, masks, what shares a TCP write). Its RFC 6455
 * framing is written out here by hand, independently of the client under test.
 */
final class RawWebSocketServer implements AutoCloseable {
    record ClientFrame(boolean fin, int opcode, byte[] payload) {
        int closeCode() {
            return (payload[0] & 0xFF) << 8 | payload[1] & 0xFF;
        }
    }

    private final ServerSocket server;
    private Socket connection;
    private DataInputStream in;
    private OutputStream out;
    /** The client's request head and its headers (lower-cased names), once accepted. */
    String requestLine;
    final Map<String, String> requestHeaders = new HashMap<>();

    RawWebSocketServer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.getLocalPort() + pathAndQuery);
    }

    /** Accepts the client and reads its request head, without answering yet. */
    void acceptRequest() throws IOException {
        connection = server.accept();
        connection.setTcpNoDelay(true);
        in = new DataInputStream(connection.getInputStream());
        out = connection.getOutputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (true) {
            head.write(in.readUnsignedByte());
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        requestLine = lines[0];
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            requestHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
    }

    /** Accepts the client and completes the handshake; {@code sameWrite} goes out in the same write as the 101 response. */
    void accept(byte[]... sameWrite) throws Exception {
        acceptRequest();
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((requestHeaders.get("sec-websocket-key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        respond("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n", sameWrite);
    }

    void respond(String head, byte[]... sameWrite) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        for (byte[] f : sameWrite) {
            b.writeBytes(f);
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** An unmasked server frame with the shortest length encoding for its payload. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n <= 125) {
            b.write(n);
        } else if (n <= 65535) {
            b.write(126);
            b.write(n >> 8);
            b.write(n & 0xFF);
        } else {
            b.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b.write((int) ((long) n >> shift) & 0xFF);
            }
        }
        b.writeBytes(payload);
        return b.toByteArray();
    }

    static byte[] text(String s) {
        return frame(true, 0x1, s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] close(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + r.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, r.length);
        return frame(true, 0x8, p);
    }

    void write(byte[]... frames) throws IOException {
        for (byte[] f : frames) {
            out.write(f);
        }
        out.flush();
    }

    /** Writes the bytes one at a time, so the client gets them in many reads. */
    void writeSlowly(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
    }

    /** Reads one client frame; fails unless it is masked, as RFC 6455 requires of clients. */
    ClientFrame readFrame() throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        if ((b1 & 0x80) == 0) {
            throw new IOException("client frame not masked");
        }
        long n = b1 & 0x7F;
        if (n == 126) {
            n = in.readUnsignedShort();
        } else if (n == 127) {
            n = in.readLong();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) n);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return new ClientFrame((b0 & 0x80) != 0, b0 & 0x0F, payload);
    }

    /** True when the client has closed the TCP connection (end of stream). */
    boolean clientHungUp() throws IOException {
        return in.read() < 0;
    }

    void hangUp() throws IOException {
        connection.close();
    }

    @Override
    public void close() throws IOException {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }
}

package io.featurizer.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's lean WebSocket client against a server socket that answers the upgrade and writes frames built by hand
 * (RFC 6455 section 5.2): the three length encodings, a message in two fragments with a ping between them, and frames
 * split across writes; every message must arrive whole and in order.
 */
class RawWebSocketClientsTest {
    static byte[] frame(int opcode, boolean fin, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int n = payload.length;
        if (n < 126) {
            f.write(n);
        } else if (n < 65_536) {
            f.write(126);
            f.write(n >>> 8);
            f.write(n & 0xFF);
        } else {
            f.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) n >>> shift) & 0xFF);
            }
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    static byte[] text(int length, char fill) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void everyLengthEncodingFragmentsAndSplitWritesArriveWhole() throws Exception {
        List<String> expected = List.of("{\"vector\":7}", new String(text(300, 'a'), StandardCharsets.US_ASCII),
                new String(text(70_000, 'b'), StandardCharsets.US_ASCII), "first half|second half", "{\"vector\":12345}");
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(frame(1, true, expected.get(0).getBytes(StandardCharsets.US_ASCII)));
        wire.writeBytes(frame(1, true, expected.get(1).getBytes(StandardCharsets.US_ASCII)));
        wire.writeBytes(frame(2, true, expected.get(2).getBytes(StandardCharsets.US_ASCII)));
        wire.writeBytes(frame(1, false, "first half|".getBytes(StandardCharsets.US_ASCII)));
        wire.writeBytes(frame(9, true, "ping".getBytes(StandardCharsets.US_ASCII))); // control frames may come between fragments
        wire.writeBytes(frame(0, true, "second half".getBytes(StandardCharsets.US_ASCII)));
        wire.writeBytes(frame(1, true, expected.get(4).getBytes(StandardCharsets.US_ASCII)));
        byte[] bytes = wire.toByteArray();

        List<String> got = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch all = new CountDownLatch(expected.size());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    StringBuilder head = new StringBuilder();
                    while (!head.toString().endsWith("\r\n\r\n")) {
                        head.append((char) in.read());
                    }
                    assertTrue(head.toString().startsWith("GET /v1/stream?names=mid HTTP/1.1\r\n"), head.toString());
                    assertTrue(head.toString().contains("Sec-WebSocket-Version: 13"), head.toString());
                    OutputStream out = s.getOutputStream();
                    // the response and the first frame in one write: the client must keep the frame's bytes
                    out.write(concat("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII), java.util.Arrays.copyOf(bytes, 3)));
                    out.flush();
                    for (int at = 3; at < bytes.length; at += 997) { // odd-sized writes split headers and payloads
                        out.write(bytes, at, Math.min(997, bytes.length - at));
                        out.flush();
                        Thread.sleep(1);
                    }
                    all.await(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            peer.start();
            try (RawWebSocketClients clients = new RawWebSocketClients("127.0.0.1", server.getLocalPort(), "/v1/stream?names=mid", 1,
                    (client, payload, off, len, now) -> {
                        got.add(new String(payload, off, len, StandardCharsets.US_ASCII));
                        all.countDown();
                    })) {
                assertTrue(all.await(10, TimeUnit.SECONDS), "received " + got.size() + " of " + expected.size());
            }
            peer.join(10_000);
        }
        assertEquals(expected, got);
        assertEquals(12345, ServeFanout.vectorNumber(expected.get(4).getBytes(StandardCharsets.US_ASCII), 0, expected.get(4).length()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

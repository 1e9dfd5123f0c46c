package io.featurizer.exchanges.live;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.featurizer.exchanges.live.RawWebSocketServer.frame;
import static io.featurizer.exchanges.live.RawWebSocketServer.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link VenueWebSocket} against a server writing hand-made frames: the protocol to the byte. */
class VenueWebSocketTest {
    private static ScheduledExecutorService timer;

    @BeforeAll
    static void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    static void stopTimer() {
        timer.shutdownNow();
    }

    private static VenueWebSocket connect(URI uri, RecordingListener listener, long keepAliveMillis) {
        VenueWebSocket ws = new VenueWebSocket(uri, listener, timer, keepAliveMillis, "test-ws");
        ws.connect();
        return ws;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acceptKeyIsTheRfcExample() {
        // RFC 6455 section 1.3: key "dGhlIHNhbXBsZSBub25jZQ==" is answered with this accept value
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", VenueWebSocket.acceptFor("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void handshakeRequestsAnUpgradeOfThePathAndQuery() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            URI uri = server.uri("/stream?streams=btcusdt@depth");
            VenueWebSocket ws = connect(uri, l, 0);
            server.accept();
            l.opened.get(10, TimeUnit.SECONDS);
            assertEquals("GET /stream?streams=btcusdt@depth HTTP/1.1", server.requestLine);
            assertEquals("127.0.0.1:" + uri.getPort(), server.requestHeaders.get("host"));
            assertEquals("websocket", server.requestHeaders.get("upgrade"));
            assertEquals("Upgrade", server.requestHeaders.get("connection"));
            assertEquals("13", server.requestHeaders.get("sec-websocket-version"));
            assertEquals(16, Base64.getDecoder().decode(server.requestHeaders.get("sec-websocket-key")).length);
            assertFalse(server.requestHeaders.containsKey("sec-websocket-extensions"), "no compression offered");
            assertTrue(ws.isOpen());
        }
    }

    @Test
    void framesInTheHandshakeWriteAndFramesSplitAcrossReadsAreDelivered() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            long before = Clock.nowNanos();
            connect(server.uri("/"), l, 0);
            server.accept(text("first"), text("second")); // same TCP write as the 101 response
            assertEquals("first", new String(l.next().payload(), StandardCharsets.UTF_8));
            assertEquals("second", new String(l.next().payload(), StandardCharsets.UTF_8));
            String big = "x".repeat(300);
            server.writeSlowly(text(big)); // 16-bit length, one byte per write
            RecordingListener.Message m = l.next();
            assertEquals(big, new String(m.payload(), StandardCharsets.UTF_8));
            assertTrue(m.receiptTs() >= before && m.receiptTs() <= m.deliveredTs(), "receipt time between send and delivery");
        }
    }

    @Test
    void payloadLengthsOfEveryEncodingIncludingOneMegabyte() throws Exception {
        int[] lengths = {0, 1, 125, 126, 127, 65_535, 65_536, 70_000, 1 << 20};
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            connect(server.uri("/"), l, 0);
            server.accept();
            for (int n : lengths) {
                byte[] payload = new byte[n];
                for (int i = 0; i < n; i++) {
                    payload[i] = (byte) (i * 31 + n);
                }
                server.write(frame(true, 0x2, payload));
                assertArrayEquals(payload, l.next().payload(), "payload of " + n + " bytes");
            }
            server.write(text("after"));
            assertEquals("after", new String(l.next().payload(), StandardCharsets.UTF_8), "the stream stays aligned after large frames");
        }
    }

    @Test
    void fragmentsAreReassembledAroundAPingWhichIsAnsweredWithItsPayload() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            connect(server.uri("/"), l, 0);
            server.accept();
            server.write(frame(false, 0x1, utf8("{\"a\":")), frame(true, 0x9, utf8("ping-1")),
                    frame(false, 0x0, utf8("\"wö")), frame(true, 0x0, utf8("rld\"}")));
            RawWebSocketServer.ClientFrame pong = server.readFrame();
            assertEquals(0xA, pong.opcode());
            assertTrue(pong.fin());
            assertEquals("ping-1", new String(pong.payload(), StandardCharsets.UTF_8));
            assertArrayEquals(utf8("{\"a\":\"wörld\"}"), l.next().payload());
            // a fragmented message bigger than the reassembly buffer's first size
            byte[] part = new byte[40_000];
            java.util.Arrays.fill(part, (byte) 'z');
            server.write(frame(false, 0x2, part), frame(false, 0x0, part), frame(true, 0x0, part));
            assertEquals(120_000, l.next().payload().length);
            assertTrue(l.messages.isEmpty(), "one message per fragmented message");
        }
    }

    @Test
    void utf8AndArbitraryBinaryBytesPassThroughUntouched() throws Exception {
        byte[] text = {'p', (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, ' ', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80};
        byte[] binary = {(byte) 0xFF, (byte) 0xFE, 0, (byte) 0x80, (byte) 0xC0, 10};
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            connect(server.uri("/"), l, 0);
            server.accept();
            server.write(frame(true, 0x1, text), frame(true, 0x2, binary), frame(true, 0x1, binary));
            assertArrayEquals(text, l.next().payload());
            assertArrayEquals(binary, l.next().payload());
            assertArrayEquals(binary, l.next().payload(), "text is not validated: the decoders judge bytes");
        }
    }

    @Test
    void sendMasksTextOfEveryLengthEncoding() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            VenueWebSocket ws = connect(server.uri("/"), l, 0);
            server.accept();
            l.opened.get(10, TimeUnit.SECONDS);
            for (String s : new String[] {"{\"op\":\"ping\"}", "é".repeat(100), "€".repeat(30_000)}) {
                assertTrue(ws.send(s));
                RawWebSocketServer.ClientFrame f = server.readFrame(); // fails unless masked
                assertEquals(0x1, f.opcode());
                assertEquals(s, new String(f.payload(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void closeFromTheVenueIsEchoedAndReported() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            VenueWebSocket ws = connect(server.uri("/"), l, 0);
            server.accept();
            server.write(RawWebSocketServer.close(1001, "going away"));
            RawWebSocketServer.ClientFrame echo = server.readFrame();
            assertEquals(0x8, echo.opcode());
            assertEquals(1001, echo.closeCode());
            assertEquals(new RecordingListener.Close(1001, "going away", true), l.awaitClose());
            assertTrue(server.clientHungUp());
            assertFalse(ws.isOpen());
            assertFalse(ws.send("late"), "nothing is sent after the close");
            assertEquals(1, l.closeCalls.get());
        }
    }

    @Test
    void closeFromHereWaitsForTheVenuesReply() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            VenueWebSocket ws = connect(server.uri("/"), l, 0);
            server.accept();
            l.opened.get(10, TimeUnit.SECONDS);
            ws.close();
            RawWebSocketServer.ClientFrame f = server.readFrame();
            assertEquals(0x8, f.opcode());
            assertEquals(1000, f.closeCode());
            assertFalse(l.closed.isDone(), "still waiting for the venue's close");
            server.write(RawWebSocketServer.close(1000, ""));
            assertEquals(new RecordingListener.Close(1000, "", false), l.awaitClose());
            assertTrue(ws.awaitClosed(1_000));
        }
    }

    @Test
    void aVenueThatNeverAnswersTheCloseIsDropped() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            VenueWebSocket ws = connect(server.uri("/"), l, 0);
            server.accept();
            l.opened.get(10, TimeUnit.SECONDS);
            ws.close();
            assertEquals(0x8, server.readFrame().opcode());
            RecordingListener.Close c = l.awaitClose(); // after the 1 s close deadline
            assertEquals(VenueWebSocket.CLOSE_ABNORMAL, c.code());
            assertFalse(c.remote());
            assertTrue(c.reason().contains("no close reply"), c.reason());
        }
    }

    @Test
    void endOfStreamWithoutCloseIsAConnectionLost() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            connect(server.uri("/"), l, 0);
            server.accept();
            server.hangUp();
            RecordingListener.Close c = l.awaitClose();
            assertEquals(VenueWebSocket.CLOSE_ABNORMAL, c.code());
            assertTrue(c.remote());
        }
    }

    @Test
    void aSilentConnectionIsPingedThenDropped() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            connect(server.uri("/"), l, 100);
            server.accept();
            RawWebSocketServer.ClientFrame ping = server.readFrame(); // after a silent keep-alive interval
            assertEquals(0x9, ping.opcode());
            RecordingListener.Close c = l.awaitClose(); // no pong: dropped after two intervals
            assertEquals(VenueWebSocket.CLOSE_ABNORMAL, c.code());
            assertTrue(c.reason().startsWith("connection lost"), c.reason());
        }
    }

    @Test
    void protocolViolationsCloseWithProtocolError() throws Exception {
        byte[] masked = {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2};
        byte[] reservedBit = {(byte) 0xC1, 0};
        byte[] orphanContinuation = frame(true, 0x0, utf8("x"));
        byte[] fragmentedPing = frame(false, 0x9, utf8("x"));
        byte[] unknownOpcode = frame(true, 0x3, utf8("x"));
        for (byte[] bad : new byte[][] {masked, reservedBit, orphanContinuation, fragmentedPing, unknownOpcode}) {
            try (RawWebSocketServer server = new RawWebSocketServer()) {
                RecordingListener l = new RecordingListener();
                connect(server.uri("/"), l, 0);
                server.accept();
                server.write(bad);
                RawWebSocketServer.ClientFrame f = server.readFrame();
                assertEquals(0x8, f.opcode());
                assertEquals(1002, f.closeCode());
                RecordingListener.Close c = l.awaitClose();
                assertEquals(1002, c.code(), c.reason());
                assertTrue(l.messages.isEmpty());
            }
        }
    }

    @Test
    void aWrongAcceptValueFailsTheHandshake() throws Exception {
        try (RawWebSocketServer server = new RawWebSocketServer()) {
            RecordingListener l = new RecordingListener();
            connect(server.uri("/"), l, 0);
            server.acceptRequest();
            server.respond("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bm90IGl0\r\n\r\n");
            RecordingListener.Close c = l.awaitClose();
            assertEquals(VenueWebSocket.CLOSE_ABNORMAL, c.code());
            assertTrue(c.reason().contains("Sec-WebSocket-Accept 'bm90IGl0'"), c.reason());
            assertFalse(l.opened.isDone());
        }
    }

    @Test
    void anHttpErrorNamesTheStatus() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        http.start();
        try {
            RecordingListener l = new RecordingListener();
            URI uri = URI.create("ws://127.0.0.1:" + http.getAddress().getPort() + "/ws");
            connect(uri, l, 0);
            RecordingListener.Close c = l.awaitClose();
            assertTrue(c.reason().contains("refused") && c.reason().contains("404") && c.reason().contains(uri.toString()), c.reason());
        } finally {
            http.stop(0);
        }
    }

    @Test
    void nothingListeningIsReportedOnceAsAClose() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RecordingListener l = new RecordingListener();
        VenueWebSocket ws = connect(URI.create("ws://127.0.0.1:" + port + "/"), l, 0);
        assertEquals(VenueWebSocket.CLOSE_ABNORMAL, l.awaitClose().code());
        assertTrue(ws.awaitClosed(1_000));
        assertEquals(1, l.closeCalls.get());
        assertFalse(l.opened.isDone());
    }
}

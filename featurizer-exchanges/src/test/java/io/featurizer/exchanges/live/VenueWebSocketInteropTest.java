package io.featurizer.exchanges.live;

import org.java_websocket.WebSocket;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link VenueWebSocket} against Java-WebSocket's server: an independent RFC 6455
 * implementation on the other end, over real loopback sockets.
 */
class VenueWebSocketInteropTest {
    /** A server that records what the client sends and lets the test act on the connection. */
    static final class Server extends WebSocketServer {
        final CompletableFuture<WebSocket> connection = new CompletableFuture<>();
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        final CountDownLatch started = new CountDownLatch(1);

        Server() {
            super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            connection.complete(conn);
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            closeCode.complete(code);
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
        }

        @Override
        public void onWebsocketPong(WebSocket conn, Framedata f) {
            pongs.add(f.getPayloadData());
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
            started.countDown();
        }
    }

    private Server server;
    private ScheduledExecutorService timer;

    @BeforeEach
    void start() throws InterruptedException {
        server = new Server();
        server.setReuseAddr(true);
        server.start();
        assertTrue(server.started.await(10, TimeUnit.SECONDS));
        timer = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(1000);
        timer.shutdownNow();
    }

    private VenueWebSocket connect(VenueWebSocket.Listener listener) {
        VenueWebSocket ws = new VenueWebSocket(URI.create("ws://127.0.0.1:" + server.getPort() + "/"), listener, timer, 30_000, "test-ws");
        ws.connect();
        return ws;
    }

    @Test
    void textBothWaysAtEveryLengthEncodingAndAMegabyte() throws Exception {
        RecordingListener l = new RecordingListener();
        VenueWebSocket ws = connect(l);
        WebSocket conn = server.connection.get(10, TimeUnit.SECONDS);
        l.opened.get(10, TimeUnit.SECONDS);
        String[] texts = {"{\"method\":\"SUBSCRIBE\"}", "ü".repeat(150), "日本".repeat(20_000), "∑".repeat(350_000)};
        for (String s : texts) {
            assertTrue(ws.send(s));
            assertEquals(s, server.received.poll(10, TimeUnit.SECONDS));
            conn.send(s);
            assertArrayEquals(s.getBytes(StandardCharsets.UTF_8), l.next().payload(), s.length() + " chars");
        }
    }

    @Test
    void fragmentsFromTheLibraryAreReassembled() throws Exception {
        RecordingListener l = new RecordingListener();
        connect(l);
        WebSocket conn = server.connection.get(10, TimeUnit.SECONDS);
        l.opened.get(10, TimeUnit.SECONDS);
        conn.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT, ByteBuffer.wrap("{\"u\":".getBytes(StandardCharsets.UTF_8)), false);
        conn.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT, ByteBuffer.wrap("12".getBytes(StandardCharsets.UTF_8)), false);
        conn.sendFragmentedFrame(org.java_websocket.enums.Opcode.TEXT, ByteBuffer.wrap("3}".getBytes(StandardCharsets.UTF_8)), true);
        assertEquals("{\"u\":123}", new String(l.next().payload(), StandardCharsets.UTF_8));
    }

    @Test
    void pingIsAnsweredAndServerCloseIsReported() throws Exception {
        RecordingListener l = new RecordingListener();
        connect(l);
        WebSocket conn = server.connection.get(10, TimeUnit.SECONDS);
        l.opened.get(10, TimeUnit.SECONDS);
        conn.sendPing();
        assertTrue(server.pongs.poll(10, TimeUnit.SECONDS) != null, "pong received by the server");
        conn.close(1001, "maintenance");
        assertEquals(new RecordingListener.Close(1001, "maintenance", true), l.awaitClose());
        assertEquals(1001, server.closeCode.get(10, TimeUnit.SECONDS));
    }

    @Test
    void clientCloseCompletesTheHandshake() throws Exception {
        RecordingListener l = new RecordingListener();
        VenueWebSocket ws = connect(l);
        server.connection.get(10, TimeUnit.SECONDS);
        l.opened.get(10, TimeUnit.SECONDS);
        ws.close();
        assertEquals(new RecordingListener.Close(1000, "", false), l.awaitClose());
        assertEquals(1000, server.closeCode.get(10, TimeUnit.SECONDS));
    }

    /**
     * The reader allocates nothing per frame in steady state: measured on the reader thread itself
     * with the JVM's per-thread allocation counter over many depth-update-sized frames.
     */
    @Test
    void readerAllocatesNothingPerFrame() throws Exception {
        int warmup = 20_000;
        int measured = 200_000;
        byte[] frame = ("{\"e\":\"depthUpdate\",\"E\":1700000000000,\"s\":\"BTCUSDT\",\"U\":1001,\"u\":1002,"
                + "\"b\":[[\"43000.10\",\"0.512\"]],\"a\":[[\"43000.20\",\"1.250\"]]}").getBytes(StandardCharsets.UTF_8);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] counts = new long[4]; // frames, checksum, allocated at start, allocated at end
        CountDownLatch done = new CountDownLatch(1);
        VenueWebSocket.Listener counting = new VenueWebSocket.Listener() {
            @Override
            public void onOpen(VenueWebSocket socket) {
            }

            @Override
            public void onFrame(byte[] buf, int off, int len, long receiptTs) {
                long n = ++counts[0];
                counts[1] += len + buf[off + len - 1]; // touch the payload
                if (n == warmup) {
                    counts[2] = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                } else if (n == warmup + measured) {
                    counts[3] = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                    done.countDown();
                }
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
                done.countDown();
            }
        };
        connect(counting);
        WebSocket conn = server.connection.get(10, TimeUnit.SECONDS);
        ByteBuffer payload = ByteBuffer.wrap(frame);
        for (int i = 0; i < warmup + measured; i++) {
            conn.send(payload.duplicate());
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "all frames arrived");
        assertEquals(warmup + measured, counts[0]);
        assertEquals((long) (warmup + measured) * (frame.length + '}'), counts[1], "every payload intact");
        double perFrame = (counts[3] - counts[2]) / (double) measured;
        assertTrue(perFrame < 64, "reader allocated " + perFrame + " bytes per frame");
        System.out.printf("VenueWebSocket reader: %.3f bytes allocated per frame over %,d frames%n", perFrame, measured);
    }
}

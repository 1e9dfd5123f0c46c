package io.featurizer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * N WebSocket clients (RFC 6455, receive side) on one selector thread: what a lean consumer (a C++ or Rust model, or
 * Python's {@code websockets}) costs, next to the JDK client's ~4 µs and a thread wake-up per message. Each connection
 * does the HTTP upgrade handshake on a blocking socket, then its frames are read without blocking and every complete
 * message is handed to the listener with the time its bytes were read. Server frames are unmasked; fragmented
 * messages are joined; ping, pong and close frames are skipped (the run ends by closing the sockets).
 */
final class RawWebSocketClients implements AutoCloseable {
    /** A complete message of connection {@code client}: {@code payload[off, off + len)}, read at {@code arrivalNanos}. */
    interface Listener {
        void onMessage(int client, byte[] payload, int off, int len, long arrivalNanos);
    }

    private final Selector selector = Selector.open();
    private final List<SocketChannel> channels = new ArrayList<>();
    private final Thread reader;
    private volatile boolean open = true;

    RawWebSocketClients(String host, int port, String pathAndQuery, int clients, Listener listener) throws IOException {
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port));
            ch.socket().setTcpNoDelay(true);
            Connection c = new Connection(i, listener);
            handshake(ch, host + ":" + port, pathAndQuery, c.in);
            channels.add(ch);
            connections.add(c);
        }
        for (int i = 0; i < clients; i++) {
            channels.get(i).configureBlocking(false);
            channels.get(i).register(selector, SelectionKey.OP_READ, connections.get(i));
        }
        reader = new Thread(this::readLoop, "raw-websocket-clients");
        reader.setDaemon(true);
        reader.start();
    }

    /** The upgrade request and the 101 response; bytes after the response's headers (early frames) stay in {@code in}. */
    private static void handshake(SocketChannel ch, String hostPort, String pathAndQuery, ByteBuffer in) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + hostPort + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        InputStream s = ch.socket().getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) { // byte by byte: nothing past the headers is consumed
            int b = s.read();
            if (b < 0) {
                throw new IOException("connection closed during the WebSocket handshake: " + head);
            }
            head.append((char) b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
            throw new IOException("WebSocket upgrade refused: " + head.toString().lines().findFirst().orElse(""));
        }
    }

    private void readLoop() {
        try {
            while (open) {
                selector.select();
                long now = System.nanoTime();
                for (SelectionKey k : selector.selectedKeys()) {
                    Connection c = (Connection) k.attachment();
                    if (((SocketChannel) k.channel()).read(c.in) < 0) {
                        k.cancel();
                        continue;
                    }
                    c.frames(now);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            if (open) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /** One connection's read buffer and the message being joined from fragments. */
    private static final class Connection {
        final int id;
        final Listener listener;
        final ByteBuffer in = ByteBuffer.allocate(1 << 20);
        private byte[] message = new byte[4096];
        private int messageLength;

        Connection(int id, Listener listener) {
            this.id = id;
            this.listener = listener;
        }

        /** Hands over every complete frame in the buffer, keeps a partial one. */
        void frames(long now) {
            in.flip();
            byte[] b = in.array();
            while (in.remaining() >= 2) {
                int at = in.position();
                int opcode = b[at] & 0x0F;
                boolean fin = (b[at] & 0x80) != 0;
                long len = b[at + 1] & 0x7F;
                int header = 2;
                if (len == 126) {
                    if (in.remaining() < 4) {
                        break;
                    }
                    len = ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
                    header = 4;
                } else if (len == 127) {
                    if (in.remaining() < 10) {
                        break;
                    }
                    len = in.getLong(at + 2);
                    header = 10;
                }
                if (len > in.capacity() - header) {
                    throw new IllegalStateException("frame of " + len + " bytes is larger than the read buffer");
                }
                if (in.remaining() < header + len) {
                    break;
                }
                int payload = at + header;
                if (opcode == 1 || opcode == 2 || opcode == 0) { // text, binary, continuation
                    if (fin && messageLength == 0) {
                        listener.onMessage(id, b, payload, (int) len, now);
                    } else {
                        join(b, payload, (int) len);
                        if (fin) {
                            listener.onMessage(id, message, 0, messageLength, now);
                            messageLength = 0;
                        }
                    }
                }
                in.position(payload + (int) len);
            }
            in.compact();
        }

        private void join(byte[] b, int off, int len) {
            if (messageLength + len > message.length) {
                message = java.util.Arrays.copyOf(message, Math.max(2 * message.length, messageLength + len));
            }
            System.arraycopy(b, off, message, messageLength, len);
            messageLength += len;
        }
    }

    @Override
    public void close() throws IOException {
        open = false;
        selector.wakeup();
        try {
            reader.join(5_000); // the selector is closed only once its thread has left it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SocketChannel ch : channels) {
            ch.close();
        }
        selector.close();
    }
}

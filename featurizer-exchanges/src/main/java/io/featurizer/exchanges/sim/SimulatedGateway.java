package io.featurizer.exchanges.sim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's WebSocket server (RFC 6455, server side, {@code ws://} on loopback): one thread
 * accepting, one reader thread per client for its requests, pings and close; frames to a client are
 * written <b>on the caller's thread</b>, straight into the client's blocking socket.
 *
 * <p>Why not Java-WebSocket's server any more: its {@code send} queues the frame and wakes a selector
 * thread to write it, so every frame cost a thread wake-up. With messages paced one at a time that is
 * a third busy thread in the simulator, competing on a small machine with the client it serves. A
 * blocking write also keeps TCP's flow control: a client that stops reading holds the sender back
 * (once its socket buffers are full) instead of growing a queue.
 *
 * <p>Not supported, since the venue clients need none: extensions, subprotocols, fragmented sends,
 * TLS. Client frames may be fragmented; binary messages are ignored.
 */
final class SimulatedGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedGateway.class);
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_CLIENT_MESSAGE = 1 << 20;
    private static final int MAX_HEAD = 16 << 10;
    private static final long CLOSE_REPLY_MILLIS = 1_000;

    /** What the gateway reports; calls come from the session's reader thread. */
    interface Handler {
        void onOpen(Session session);

        void onText(Session session, String text);

        void onClose(Session session);
    }

    /** One connected client. {@link #send} and {@link #close} may be called from any thread. */
    final class Session {
        private final Socket socket;
        private final OutputStream out;
        private volatile boolean open = true; // until a close frame is sent or received, or the socket fails
        private byte[] frame = new byte[512]; // guarded by this

        private Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        boolean isOpen() {
            return open;
        }

        /** Sends one text message now, on this thread; false if closed or the write failed (which drops the client). */
        boolean send(String text) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            return open && write(0x1, payload, payload.length);
        }

        /** Starts the close handshake; the socket is dropped if the client does not answer within a second. */
        void close(int code, String reason) {
            if (!open) {
                return;
            }
            open = false;
            write(0x8, closePayload(code, reason), -1);
            Thread dropper = new Thread(() -> {
                try {
                    Thread.sleep(CLOSE_REPLY_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                drop();
            }, "simulator-close-deadline");
            dropper.setDaemon(true);
            dropper.start();
        }

        /** Writes one unmasked frame; {@code length} -1 means the whole payload. */
        private synchronized boolean write(int opcode, byte[] payload, int length) {
            int n = length < 0 ? payload.length : length;
            int header = n <= 125 ? 2 : n <= 0xFFFF ? 4 : 10;
            if (frame.length < header + n) {
                frame = new byte[Math.max(header + n, 2 * frame.length)];
            }
            frame[0] = (byte) (0x80 | opcode);
            if (header == 2) {
                frame[1] = (byte) n;
            } else if (header == 4) {
                frame[1] = 126;
                frame[2] = (byte) (n >>> 8);
                frame[3] = (byte) n;
            } else {
                frame[1] = 127;
                for (int i = 0; i < 8; i++) {
                    frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
                }
            }
            System.arraycopy(payload, 0, frame, header, n);
            try {
                out.write(frame, 0, header + n); // one write per frame: it leaves now (TCP_NODELAY)
                return true;
            } catch (IOException e) {
                open = false;
                drop();
                return false;
            }
        }

        private void drop() {
            try {
                socket.close();
            } catch (IOException e) {
                // dropping anyway
            }
        }
    }

    private final ServerSocket server;
    private final Handler handler;
    private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean running = true;

    SimulatedGateway(Handler handler) {
        this.handler = handler;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the simulator's WebSocket port", e);
        }
        this.acceptor = new Thread(this::accept, "simulator-accept-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (running) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (running) {
                    LOG.debug("simulator: accept failed: {}", e.toString());
                }
                continue;
            }
            Thread reader = new Thread(() -> serve(s), "simulator-client-" + s.getPort());
            reader.setDaemon(true);
            reader.start();
        }
    }

    /** A client's reader thread: the upgrade, then its frames until it closes or fails. */
    private void serve(Socket socket) {
        Session session = null;
        try {
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String key = readUpgradeKey(in);
            session = new Session(socket);
            socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + acceptFor(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            sessions.add(session);
            handler.onOpen(session);
            readFrames(session, in);
        } catch (IOException e) {
            LOG.debug("simulator: client {} gone: {}", socket.getRemoteSocketAddress(), e.toString());
        } finally {
            if (session != null) {
                session.open = false;
                sessions.remove(session);
                handler.onClose(session);
            }
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static String readUpgradeKey(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int last4 = 0; // the last four bytes read, to spot the blank line that ends the head
        while (last4 != 0x0D0A0D0A) {
            int b = in.readUnsignedByte();
            head.write(b);
            last4 = (last4 << 8) | b;
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
        }
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
                return line.substring(colon + 1).trim();
            }
        }
        throw new IOException("not a WebSocket upgrade (no Sec-WebSocket-Key)");
    }

    private void readFrames(Session session, DataInputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = -1;
        while (true) {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            long n = b1 & 0x7F;
            if (n == 126) {
                n = in.readUnsignedShort();
            } else if (n == 127) {
                n = in.readLong();
            }
            if (n < 0 || n > MAX_CLIENT_MESSAGE || (b1 & 0x80) == 0) {
                session.close(n > MAX_CLIENT_MESSAGE ? 1009 : 1002, "bad client frame");
                return;
            }
            byte[] mask = new byte[4];
            in.readFully(mask);
            byte[] payload = new byte[(int) n];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            switch (opcode) {
                case 0x1, 0x2, 0x0 -> {
                    if (opcode != 0x0) {
                        messageOpcode = opcode;
                        message.reset();
                    }
                    message.writeBytes(payload);
                    if (message.size() > MAX_CLIENT_MESSAGE) {
                        session.close(1009, "client message too big");
                        return;
                    }
                    if (fin && messageOpcode == 0x1) {
                        handler.onText(session, message.toString(StandardCharsets.UTF_8));
                    }
                }
                case 0x9 -> {
                    if (session.open) {
                        session.write(0xA, payload, -1); // pong with the ping's payload
                    }
                }
                case 0x8 -> {
                    if (session.open) {
                        session.open = false;
                        session.write(0x8, payload, Math.min(2, payload.length)); // echo the client's code
                    }
                    return; // the close handshake is done either way: drop the socket
                }
                default -> {
                    // pongs and unknown opcodes: nothing to do
                }
            }
        }
    }

    private static byte[] closePayload(int code, String reason) {
        byte[] r = reason.getBytes(StandardCharsets.UTF_8);
        byte[] p = new byte[2 + Math.min(r.length, 123)];
        p[0] = (byte) (code >>> 8);
        p[1] = (byte) code;
        System.arraycopy(r, 0, p, 2, p.length - 2);
        return p;
    }

    static String acceptFor(String key) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Session s : sessions) {
            s.open = false;
            s.drop(); // no close frame: a write could block behind a client that stopped reading; this unblocks it
        }
    }
}

package io.featurizer.exchanges.live;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal RFC 6455 WebSocket client for venue feeds: one blocking socket ({@code ws://}, or
 * {@code wss://} through the default {@link SSLSocketFactory} with host name verification), the HTTP/1.1
 * upgrade handshake, and one reader thread that reads frames into a reusable buffer and hands each
 * complete message's payload bytes to the {@link Listener} with the time its first bytes were read.
 *
 * <p><b>Hand-written because it is the hot path.</b> Java-WebSocket's client (used before)
 * allocated a {@code String} per text frame, which we then re-encoded to
 * UTF-8: about 170 MB/s of garbage at 50 k frames/s and a young collection every few seconds in the
 * latency tail. Here an unfragmented frame is delivered straight from the read buffer (no copy, no
 * allocation); fragments are reassembled in a second reusable buffer. Both grow to the largest
 * message seen and stay that size.
 *
 * <p>Handled: text and binary messages, fragmentation (control frames may come between fragments),
 * ping → pong, the close handshake, masked client frames ({@link #send(String)} is thread-safe), and
 * keep-alive: when nothing has been read for a whole keep-alive interval a ping is sent, and after two
 * silent intervals the connection is deemed lost and dropped. Not supported, since venue feeds need
 * none of them: extensions (none are offered, so frames are never compressed), subprotocols, proxies
 * and redirects. Text is not validated as UTF-8: the venue decoders read bytes and reject garbage.
 *
 * <p>No socket timeouts are set, deliberately: a timed read switches the JDK socket to non-blocking
 * mode for good, costing a poll per read. Deadlines (handshake, close reply, keep-alive) run on the
 * given timer and drop the socket instead.
 *
 * <p>Threads: every {@link Listener} call is made on the reader thread; {@link #onClose} exactly
 * once, last, whether the connection opened or not.
 */
final class VenueWebSocket {
    /** What the reader thread reports. */
    interface Listener {
        /** The handshake succeeded; {@link #send(String)} works from here on. */
        void onOpen(VenueWebSocket socket);

        /**
         * One complete text or binary message (fragments reassembled), its payload in
         * {@code buf[off, off + len)}: valid only during the call, never to be kept.
         *
         * @param receiptTs {@link Clock#nowNanos()} when the read that brought the message's first bytes returned
         */
        void onFrame(byte[] buf, int off, int len, long receiptTs);

        /**
         * The connection ended or never opened: called exactly once, last.
         *
         * @param code   the close code received or sent ({@value #CLOSE_ABNORMAL} when the connection was lost or failed)
         * @param remote whether the venue (or the network) ended it rather than this side
         */
        void onClose(int code, String reason, boolean remote);
    }

    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_PROTOCOL_ERROR = 1002;
    static final int CLOSE_NO_STATUS = 1005;
    static final int CLOSE_ABNORMAL = 1006;
    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_INTERNAL_ERROR = 1011;
    /** The largest message accepted; a bigger one closes the connection with {@value #CLOSE_TOO_BIG}. */
    static final int MAX_MESSAGE_BYTES = 64 << 20;

    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;
    private static final int MAX_CONTROL_PAYLOAD = 125;
    private static final int MIN_READ = 4096; // compact the read buffer rather than read fewer bytes than this
    private static final int MAX_HANDSHAKE_BYTES = 16 << 10;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;
    private static final long CLOSE_TIMEOUT_MILLIS = 1_000;
    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NO_BYTES = {};
    /**
     * Diagnostic ({@code -Dfeaturizer.ws.stampEachFrame=true}): stamp each frame when the reader
     * reaches it instead of when its bytes were read, leaving out its wait behind earlier frames of
     * the same read. That is how frames were stamped behind Java-WebSocket's client, so latency
     * figures can be compared with those taken before this class.
     */
    private static final boolean STAMP_EACH_FRAME = Boolean.getBoolean("featurizer.ws.stampEachFrame");

    private static final int CONNECTING = 0;
    private static final int OPEN = 1;
    private static final int CLOSING = 2; // a close frame was sent or received
    private static final int CLOSED = 3;

    private final URI uri;
    private final Listener listener;
    private final ScheduledExecutorService timer;
    private final long keepAliveNanos;
    private final Thread reader;
    private final AtomicInteger state = new AtomicInteger(CONNECTING);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Object writeLock = new Object();

    private volatile Socket socket;
    private volatile String abortReason; // why the socket was dropped from outside the reader
    private volatile boolean closeInitiatedHere;
    private volatile long lastReadTs; // Clock.nowNanos() of the last read that returned bytes
    private ScheduledFuture<?> keepAlive;

    // writer state, guarded by writeLock
    private OutputStream out;
    private byte[] outBuf = new byte[256];

    // reader-thread state
    private InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos; // next unread byte in buf
    private int end; // end of the bytes read into buf
    private byte[] message = new byte[1 << 12]; // fragments of the message being reassembled
    private int messageLength = -1; // -1: no fragmented message in progress
    private long messageTs;

    /**
     * @param timer          runs the handshake, close and keep-alive deadlines
     * @param keepAliveMillis ping after this long without data; drop the connection after twice this
     */
    VenueWebSocket(URI uri, Listener listener, ScheduledExecutorService timer, long keepAliveMillis, String threadName) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss") || uri.getHost() == null) {
            throw new IllegalArgumentException("not a WebSocket URI (ws://host[:port]/path or wss://...): " + uri);
        }
        this.uri = uri;
        this.listener = listener;
        this.timer = timer;
        this.keepAliveNanos = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis);
        this.reader = new Thread(this::run, threadName);
        this.reader.setDaemon(true); // a feed never keeps the process alive; owners stop it explicitly
    }

    /** Starts the reader thread, which connects, shakes hands, and reads until the connection ends. */
    void connect() {
        reader.start();
    }

    boolean isOpen() {
        return state.get() == OPEN;
    }

    /** Sends a text message; false if the connection is not open or the write failed (which drops the connection). */
    boolean send(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return state.get() == OPEN && sendFrame(OP_TEXT, payload, 0, payload.length);
    }

    /** Sends a ping control frame (the venue answers with a pong); false if not open. */
    boolean sendPing() {
        return state.get() == OPEN && sendFrame(OP_PING, NO_BYTES, 0, 0);
    }

    /** Starts the close handshake; the connection is dropped if the venue does not answer within a second. */
    void close() {
        close(CLOSE_NORMAL, "");
    }

    void close(int code, String reason) {
        if (state.compareAndSet(OPEN, CLOSING)) {
            closeInitiatedHere = true;
            sendClose(code, reason);
            try {
                timer.schedule(() -> abort("no close reply within " + CLOSE_TIMEOUT_MILLIS + " ms"), CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // the timer is shut down: the owner waits with awaitClosed and aborts itself
            }
        } else if (state.get() == CONNECTING) {
            abort("closed before the handshake completed");
        }
    }

    /** Drops the connection now, without a close handshake; the reader ends with {@value #CLOSE_ABNORMAL}. */
    void abort(String reason) {
        if (state.get() == CLOSED) {
            return;
        }
        if (abortReason == null) {
            abortReason = reason;
        }
        closeSocket();
    }

    /** Waits until the reader has ended (and {@link Listener#onClose} returned); true if it has. */
    boolean awaitClosed(long millis) throws InterruptedException {
        return finished.await(millis, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- reader thread

    private void run() {
        int code = CLOSE_ABNORMAL;
        String reason = "connection lost";
        boolean remote = true;
        ScheduledFuture<?> handshakeDeadline = null;
        try {
            handshakeDeadline = timer.schedule(() -> abort("no handshake within " + HANDSHAKE_TIMEOUT_MILLIS + " ms"),
                    HANDSHAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            openSocket();
            handshake();
            handshakeDeadline.cancel(false);
            if (!state.compareAndSet(CONNECTING, OPEN)) {
                throw new IOException("closed before the handshake completed");
            }
            startKeepAlive();
            listener.onOpen(this);
            CloseFrame close = readFrames();
            code = close.code;
            reason = close.reason;
            remote = !closeInitiatedHere;
        } catch (ProtocolViolation e) {
            code = e.code;
            reason = e.getMessage();
            remote = false;
            if (state.compareAndSet(OPEN, CLOSING)) {
                sendClose(e.code, e.getMessage());
            }
        } catch (IOException e) {
            String why = abortReason;
            reason = why != null ? why : e instanceof EOFException ? e.getMessage() : e.toString();
            remote = why == null && !closeInitiatedHere;
        } catch (RuntimeException e) { // a listener's bug: this connection's state can't be trusted
            code = CLOSE_INTERNAL_ERROR;
            reason = e.toString();
            remote = false;
            if (state.compareAndSet(OPEN, CLOSING)) {
                sendClose(CLOSE_INTERNAL_ERROR, "internal error");
            }
        } finally {
            state.set(CLOSED);
            if (handshakeDeadline != null) {
                handshakeDeadline.cancel(false);
            }
            if (keepAlive != null) {
                keepAlive.cancel(false);
            }
            closeSocket();
            try {
                listener.onClose(code, reason, remote);
            } finally {
                finished.countDown();
            }
        }
    }

    private void openSocket() throws IOException {
        boolean secure = uri.getScheme().equalsIgnoreCase("wss");
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        Socket plain = new Socket();
        socket = plain;
        if (abortReason != null) {
            throw new IOException(abortReason);
        }
        plain.setTcpNoDelay(true); // pings, pongs and subscriptions are tiny: never wait to coalesce them
        plain.connect(new InetSocketAddress(uri.getHost(), port)); // no timeout argument: see the class comment
        Socket s = plain;
        if (secure) {
            SSLSocket ssl = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(plain, uri.getHost(), port, true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // verify the certificate names this host
            ssl.setSSLParameters(params);
            socket = ssl;
            ssl.startHandshake();
            s = ssl;
        }
        in = s.getInputStream();
        synchronized (writeLock) {
            out = s.getOutputStream();
        }
    }

    private void handshake() throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            path += "?" + uri.getRawQuery();
        }
        boolean defaultPort = uri.getPort() == -1;
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + uri.getHost() + (defaultPort ? "" : ":" + uri.getPort()) + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n";
        synchronized (writeLock) {
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        int headEnd;
        while ((headEnd = indexOfBlankLine()) < 0) {
            if (end - pos >= MAX_HANDSHAKE_BYTES) {
                throw new IOException("WebSocket handshake with " + uri + ": no end of the HTTP response head in " + MAX_HANDSHAKE_BYTES + " bytes");
            }
            ensure(end - pos + 1);
        }
        String head = new String(buf, pos, headEnd - pos, StandardCharsets.ISO_8859_1);
        pos = headEnd + 4; // frames the server sent right after the head stay in the buffer
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.") || !status[1].equals("101")) {
            throw new IOException("WebSocket handshake with " + uri + " refused: expected 'HTTP/1.1 101 Switching Protocols', got '" + lines[0] + "'");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        String expected = acceptFor(key);
        if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))
                || !headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("upgrade")) {
            throw new IOException("WebSocket handshake with " + uri + ": response lacks 'Upgrade: websocket' / 'Connection: Upgrade' (headers " + headers + ")");
        }
        if (!expected.equals(headers.get("sec-websocket-accept"))) {
            throw new IOException("WebSocket handshake with " + uri + ": Sec-WebSocket-Accept '" + headers.get("sec-websocket-accept")
                    + "', expected '" + expected + "'");
        }
        if (headers.containsKey("sec-websocket-extensions")) {
            throw new IOException("WebSocket handshake with " + uri + ": server chose extensions '" + headers.get("sec-websocket-extensions")
                    + "' that were never offered");
        }
    }

    /** Sec-WebSocket-Accept for a key (RFC 6455 section 4.2.2): base64(SHA-1(key + GUID)). */
    static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JDK", e);
        }
    }

    private int indexOfBlankLine() {
        for (int i = pos; i + 3 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private record CloseFrame(int code, String reason) {
    }

    /** Reads frames until a close frame (returned) or an error (thrown). No allocation per frame. */
    private CloseFrame readFrames() throws IOException {
        while (true) {
            if (pos == end) {
                ensure(1);
            }
            long receiptTs = STAMP_EACH_FRAME ? Clock.nowNanos() : lastReadTs; // lastReadTs: the read that brought this frame's first byte, see ensure
            ensure(2);
            int b0 = buf[pos] & 0xFF;
            int b1 = buf[pos + 1] & 0xFF;
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0F;
            if ((b0 & 0x70) != 0) {
                throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "frame with reserved bits set (no extension was negotiated)");
            }
            if ((b1 & 0x80) != 0) {
                throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "masked frame from the server");
            }
            int length7 = b1 & 0x7F;
            int header = length7 == 126 ? 4 : length7 == 127 ? 10 : 2;
            ensure(header);
            long length = length7 == 126 ? (buf[pos + 2] & 0xFF) << 8 | buf[pos + 3] & 0xFF
                    : length7 == 127 ? readLong(pos + 2) : length7;
            if (length < 0 || length > MAX_MESSAGE_BYTES) {
                throw new ProtocolViolation(CLOSE_TOO_BIG, "frame of " + Long.toUnsignedString(length) + " bytes exceeds " + MAX_MESSAGE_BYTES);
            }
            int len = (int) length;
            ensure(header + len);
            int off = pos + header;
            pos = off + len; // consumed; the payload stays in buf until the next ensure
            switch (opcode) {
                case OP_TEXT, OP_BINARY -> {
                    if (messageLength >= 0) {
                        throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "new message before the last fragment of the previous one");
                    }
                    if (fin) {
                        listener.onFrame(buf, off, len, receiptTs);
                    } else {
                        messageLength = 0;
                        messageTs = receiptTs;
                        appendFragment(off, len);
                    }
                }
                case OP_CONTINUATION -> {
                    if (messageLength < 0) {
                        throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "continuation frame without a message to continue");
                    }
                    appendFragment(off, len);
                    if (fin) {
                        int n = messageLength;
                        messageLength = -1;
                        listener.onFrame(message, 0, n, messageTs);
                    }
                }
                case OP_PING -> {
                    checkControl(fin, len, "ping");
                    if (state.get() == OPEN) {
                        sendFrame(OP_PONG, buf, off, len);
                    }
                }
                case OP_PONG -> checkControl(fin, len, "pong"); // its arrival already counts as life (lastReadTs)
                case OP_CLOSE -> {
                    checkControl(fin, len, "close");
                    return onCloseFrame(off, len);
                }
                default -> throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "unknown opcode " + opcode);
            }
        }
    }

    private CloseFrame onCloseFrame(int off, int len) throws ProtocolViolation {
        if (len == 1) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, "close frame with a 1-byte payload");
        }
        int code = len >= 2 ? (buf[off] & 0xFF) << 8 | buf[off + 1] & 0xFF : CLOSE_NO_STATUS;
        String reason = len > 2 ? new String(buf, off + 2, len - 2, StandardCharsets.UTF_8) : "";
        if (state.compareAndSet(OPEN, CLOSING)) {
            sendFrame(OP_CLOSE, buf, off, len >= 2 ? 2 : 0); // the venue started it: echo its code
        }
        return new CloseFrame(code, reason);
    }

    private static void checkControl(boolean fin, int len, String what) throws ProtocolViolation {
        if (!fin || len > MAX_CONTROL_PAYLOAD) {
            throw new ProtocolViolation(CLOSE_PROTOCOL_ERROR, what + " frame " + (fin ? "of " + len + " bytes (at most 125)" : "fragmented"));
        }
    }

    private void appendFragment(int off, int len) throws ProtocolViolation {
        long total = (long) messageLength + len;
        if (total > MAX_MESSAGE_BYTES) {
            throw new ProtocolViolation(CLOSE_TOO_BIG, "fragmented message of over " + MAX_MESSAGE_BYTES + " bytes");
        }
        if (total > message.length) {
            byte[] grown = new byte[(int) Math.min(MAX_MESSAGE_BYTES, Math.max(total, 2L * message.length))];
            System.arraycopy(message, 0, grown, 0, messageLength);
            message = grown;
        }
        System.arraycopy(buf, off, message, messageLength, len);
        messageLength = (int) total;
    }

    private long readLong(int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | buf[at + i] & 0xFF;
        }
        return v;
    }

    /**
     * Makes {@code n} bytes from {@code pos} available, reading as needed. Reads happen only when the
     * frame being parsed lacks bytes, so a frame's first byte always came with the latest read (or the
     * next): {@link #lastReadTs} read at a frame's start is that frame's receipt time.
     */
    private void ensure(int n) throws IOException {
        while (end - pos < n) {
            if (pos == end) {
                pos = end = 0;
            }
            if (buf.length - pos < n || buf.length - end < MIN_READ && pos > 0) {
                makeRoom(n);
            }
            int read = in.read(buf, end, buf.length - end);
            if (read < 0) {
                throw new EOFException("connection closed by the venue without a close frame");
            }
            lastReadTs = Clock.nowNanos();
            end += read;
        }
    }

    /** Moves the unread bytes to the buffer's start, growing it when a frame needs more than it holds. */
    private void makeRoom(int n) {
        int unread = end - pos;
        byte[] target = buf;
        if (buf.length < n) {
            target = new byte[(int) Math.min(MAX_MESSAGE_BYTES + 16L, Math.max(n, 2L * buf.length))];
        }
        System.arraycopy(buf, pos, target, 0, unread);
        buf = target;
        pos = 0;
        end = unread;
    }

    // ---------------------------------------------------------------- writing

    private void sendClose(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
        byte[] payload = new byte[2 + n];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, n);
        sendFrame(OP_CLOSE, payload, 0, payload.length);
    }

    /** Writes one masked frame (clients must mask, RFC 6455 section 5.3); on failure drops the connection. */
    private boolean sendFrame(int opcode, byte[] payload, int off, int len) {
        synchronized (writeLock) {
            if (out == null) {
                return false;
            }
            int header = len <= 125 ? 2 : len <= 0xFFFF ? 4 : 10;
            int total = header + 4 + len;
            if (outBuf.length < total) {
                outBuf = new byte[Math.max(total, 2 * outBuf.length)];
            }
            byte[] o = outBuf;
            o[0] = (byte) (0x80 | opcode);
            if (header == 2) {
                o[1] = (byte) (0x80 | len);
            } else if (header == 4) {
                o[1] = (byte) (0x80 | 126);
                o[2] = (byte) (len >>> 8);
                o[3] = (byte) len;
            } else {
                o[1] = (byte) (0x80 | 127);
                for (int i = 0; i < 8; i++) {
                    o[2 + i] = (byte) ((long) len >>> (56 - 8 * i));
                }
            }
            int mask = RANDOM.nextInt();
            for (int i = 0; i < 4; i++) {
                o[header + i] = (byte) (mask >>> (24 - 8 * i));
            }
            for (int i = 0; i < len; i++) {
                o[header + 4 + i] = (byte) (payload[off + i] ^ o[header + (i & 3)]);
            }
            try {
                out.write(o, 0, total);
                out.flush();
                return true;
            } catch (IOException e) {
                abort("write failed: " + e);
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- deadlines

    private void startKeepAlive() {
        if (keepAliveNanos <= 0) {
            return;
        }
        long every = TimeUnit.NANOSECONDS.toMillis(keepAliveNanos);
        keepAlive = timer.scheduleWithFixedDelay(this::checkAlive, every, every, TimeUnit.MILLISECONDS);
    }

    /** Pings a connection silent for a keep-alive interval; drops one silent for two (the pong never came). */
    private void checkAlive() {
        if (state.get() != OPEN) {
            return;
        }
        long silent = Clock.nowNanos() - lastReadTs;
        if (silent >= 2 * keepAliveNanos) {
            abort("connection lost: nothing received for " + TimeUnit.NANOSECONDS.toMillis(silent) + " ms, not even a pong");
        } else if (silent >= keepAliveNanos) {
            sendPing();
        }
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close(); // unblocks the reader's read (and a connect in progress)
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /** A venue frame breaking RFC 6455: the connection is closed with {@code code}. */
    private static final class ProtocolViolation extends IOException {
        final int code;

        ProtocolViolation(int code, String message) {
            super(message);
            this.code = code;
        }
    }
}

package io.featurizer.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One push client. The engine thread {@link #offer offers} it each encoded vector; the hub's sender thread hands what is
 * waiting to the {@link PushTransport} as one batch and moves on to the next client without waiting for this one's
 * socket. One batch per client is outstanding at a time: when it is written the client is ready again if more waits.
 *
 * <p>Without sampling the client has a bounded queue: when it is full the oldest message is dropped and counted,
 * and once {@code dropLimit} messages were dropped the client is disconnected. With a sampling interval
 * ({@code every=}) it has one slot holding the latest vector, sent at most once per interval; a vector replaced
 * before it was sent counts as skipped, not dropped.
 */
final class PushClient {
    /** Nothing to send, or nothing sent yet: the next offer makes it ready. */
    private static final int IDLE = 0;
    /** In the hub's ready queue, or a batch of it is being written. */
    private static final int BUSY = 1;
    /** Sampled client: waiting for its interval to pass (the hub's timer ends it). */
    private static final int COOLDOWN = 2;
    private static final int MAX_BATCH = 256;

    private final String id;
    private final String kind;
    private final VectorView view;
    private final long everyNanos;
    private final long dropLimit;
    private final PushTransport transport;
    private final VectorHub hub;
    private final ArrayBlockingQueue<PushMessage> queue;
    private final AtomicReference<PushMessage> latest = new AtomicReference<>();
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final AtomicBoolean evicted = new AtomicBoolean();
    private final List<PushMessage> batch = new ArrayList<>(MAX_BATCH); // the sender's, while BUSY
    private volatile PushMessage intro;
    private volatile boolean closed;
    // single writer each: offered, dropped and skipped by the engine thread; sent by whichever thread completes a batch
    private volatile long offered;
    private volatile long dropped;
    private volatile long skipped;
    private volatile long sent;
    private volatile long writes;

    PushClient(String id, String kind, VectorView view, long everyNanos, VectorHub.Limits limits, PushTransport transport, VectorHub hub) {
        this.id = id;
        this.kind = kind;
        this.view = view;
        this.everyNanos = everyNanos;
        this.dropLimit = limits.dropLimit();
        this.transport = transport;
        this.hub = hub;
        this.queue = everyNanos > 0 ? null : new ArrayBlockingQueue<>(limits.queueCapacity());
        String text = view.intro();
        this.intro = text == null ? null : PushMessage.json(-1, text);
    }

    /** After registration: a binary client first gets its column list. */
    void start() {
        if (intro != null) {
            makeReady();
        }
    }

    String id() {
        return id;
    }

    VectorView view() {
        return view;
    }

    boolean isClosed() {
        return closed;
    }

    /** On the engine thread: keep the message for this client, never waiting for it. */
    void offer(PushMessage m) {
        if (closed) {
            return;
        }
        offered++;
        if (queue == null) {
            if (latest.getAndSet(m) != null) {
                skipped++;
            }
        } else if (!queue.offer(m)) {
            if (queue.poll() != null) {
                dropped++;
            }
            queue.offer(m); // only the sender takes, so there is room now
            if (dropped >= dropLimit) {
                hub.evict(this, "too slow: " + dropped + " messages dropped (limit " + dropLimit + ")");
            }
        }
        makeReady();
    }

    /** IDLE -> BUSY and into the hub's ready queue, by whoever gets there first. */
    private void makeReady() {
        if (state.get() == IDLE && state.compareAndSet(IDLE, BUSY)) {
            hub.ready(this);
        }
    }

    /** On the sender thread: hands what waits to the transport as one batch. */
    void sendWaiting() {
        if (closed) {
            return;
        }
        batch.clear();
        PushMessage first = intro;
        if (first != null) {
            intro = null;
            batch.add(first);
        }
        if (queue != null) {
            queue.drainTo(batch, MAX_BATCH - batch.size());
        } else {
            PushMessage m = latest.getAndSet(null);
            if (m != null) {
                batch.add(m);
            }
        }
        if (batch.isEmpty()) {
            idle();
            return;
        }
        int n = batch.size();
        transport.send(batch, () -> written(n), failure -> hub.detach(this, PushTransport.NORMAL, "connection ended: " + failure));
    }

    private void written(int n) {
        sent += n;
        writes++;
        if (queue == null) {
            state.set(COOLDOWN);
            hub.afterInterval(this::idle, everyNanos);
        } else {
            idle();
        }
    }

    /** BUSY or COOLDOWN -> IDLE, then ready again at once if something arrived meanwhile. */
    private void idle() {
        state.set(IDLE);
        if (hasWaiting()) {
            makeReady();
        }
    }

    private boolean hasWaiting() {
        return queue != null ? !queue.isEmpty() : latest.get() != null;
    }

    /** True the first time only: the hub counts and disconnects a slow client once. */
    boolean markEvicted() {
        return evicted.compareAndSet(false, true);
    }

    /** Stops sending and ends the connection (any thread). Returns false if it was already closed. */
    boolean close(int code, String reason) {
        if (closed) {
            return false;
        }
        closed = true;
        transport.close(code, reason);
        return true;
    }

    /** Every message offered so far was sent, dropped or skipped (nothing left to send). */
    boolean drained() {
        return closed || sent + dropped + skipped >= offered + (intro == null ? 0 : 1);
    }

    ClientStats stats() {
        int depth = queue != null ? queue.size() : latest.get() == null ? 0 : 1;
        return new ClientStats(id, kind, transport.remote(), view.format().name().toLowerCase(Locale.ROOT), depth, dropped, skipped, sent, writes);
    }

    long dropped() {
        return dropped;
    }
}

package io.featurizer.serve;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One push client: the engine thread {@link #offer offers} it each encoded vector, and its own sender thread
 * writes them to the {@link PushTransport}, so a client that reads slowly only ever blocks its own thread.
 *
 * <p>Without sampling the client has a bounded queue: when it is full the oldest message is dropped and counted,
 * and once {@code dropLimit} messages were dropped the client is disconnected. With a sampling interval
 * ({@code every=}) it has one slot holding the latest vector: the sender sends it at most once per interval, and a
 * vector replaced before it was sent counts as skipped, not dropped.
 */
final class PushClient {
    private final String id;
    private final String kind;
    private final VectorView view;
    private final long everyNanos;
    private final long dropLimit;
    private final PushTransport transport;
    private final VectorHub hub;
    private final ArrayBlockingQueue<PushMessage> queue;
    private final AtomicReference<PushMessage> latest = new AtomicReference<>();
    private final Thread sender;
    private volatile boolean waiting;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean evicted = new java.util.concurrent.atomic.AtomicBoolean();
    // single writer each: offered, dropped and skipped by the engine thread, sent by the sender thread
    private volatile long offered;
    private volatile long dropped;
    private volatile long skipped;
    private volatile long sent;

    PushClient(String id, String kind, VectorView view, long everyNanos, VectorHub.Limits limits, PushTransport transport, VectorHub hub) {
        this.id = id;
        this.kind = kind;
        this.view = view;
        this.everyNanos = everyNanos;
        this.dropLimit = limits.dropLimit();
        this.transport = transport;
        this.hub = hub;
        this.queue = everyNanos > 0 ? null : new ArrayBlockingQueue<>(limits.queueCapacity());
        this.sender = new Thread(this::run, "featurizer-serve-" + id);
        sender.setDaemon(true);
    }

    void start() {
        sender.start();
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

    /** On the engine thread: queue the message, never waiting for the client. */
    void offer(PushMessage m) {
        if (closed) {
            return;
        }
        offered++;
        if (queue == null) {
            if (latest.getAndSet(m) != null) {
                skipped++;
            }
            if (waiting) {
                LockSupport.unpark(sender);
            }
            return;
        }
        if (!queue.offer(m)) {
            if (queue.poll() != null) {
                dropped++;
            }
            queue.offer(m); // the sender only takes, so there is room now
            if (dropped >= dropLimit) {
                hub.evict(this, "too slow: " + dropped + " messages dropped (limit " + dropLimit + ")");
            }
        }
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
        sender.interrupt();
        LockSupport.unpark(sender);
        transport.close(code, reason);
        return true;
    }

    ClientStats stats() {
        int depth = queue != null ? queue.size() : latest.get() == null ? 0 : 1;
        return new ClientStats(id, kind, transport.remote(), view.format().name().toLowerCase(java.util.Locale.ROOT), depth, dropped, skipped, sent);
    }

    /** Every message offered so far was sent, dropped or skipped (nothing left to send). */
    boolean drained() {
        return closed || sent + dropped + skipped >= offered;
    }

    long dropped() {
        return dropped;
    }

    private void run() {
        try {
            String intro = view.intro();
            if (intro != null) {
                transport.sendText(intro);
            }
            if (queue == null) {
                sampled();
            } else {
                queued();
            }
        } catch (InterruptedException e) {
            // closed
        } catch (Exception e) {
            // the client went away or the write failed: end it
        } finally {
            hub.detach(this, PushTransport.NORMAL, "connection ended");
        }
    }

    private void queued() throws Exception {
        List<PushMessage> batch = new ArrayList<>(64);
        while (!closed) {
            batch.add(queue.take());
            queue.drainTo(batch, 63);
            transport.send(batch);
            sent += batch.size();
            batch.clear();
        }
    }

    private void sampled() throws Exception {
        List<PushMessage> one = new ArrayList<>(1);
        long nextDue = System.nanoTime();
        while (!closed) {
            long wait = nextDue - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            PushMessage m = latest.getAndSet(null);
            if (m == null) {
                waiting = true;
                if (latest.get() == null && !closed) {
                    LockSupport.park(this);
                }
                waiting = false;
                if (Thread.interrupted()) {
                    return;
                }
                continue;
            }
            one.add(m);
            transport.send(one);
            one.clear();
            sent++;
            nextDue = System.nanoTime() + everyNanos;
        }
    }
}

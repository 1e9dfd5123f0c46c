package io.featurizer.serve;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.text.NearestName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Hands each combined vector from the engine thread to the push clients and keeps the latest values for the pull API.
 *
 * <p>{@link #publish} runs on the engine thread for every combined vector and never waits for a client: it numbers the
 * vector, updates the {@link LatestValues}, encodes the vector once per {@link VectorView} (subset and format) that has
 * clients, and offers the message to each client's bounded queue ({@link PushClient}: drop-oldest with a counter,
 * disconnected past a limit). One sender thread hands each client's waiting messages to its transport in batches,
 * without waiting for any client's socket.
 *
 * <p>The vector handed to {@link #publish} is a view valid during the call (the graph's combined callback contract);
 * nothing here keeps it.
 */
public final class VectorHub implements AutoCloseable {
    /**
     * Per-client limits.
     *
     * @param queueCapacity messages a client's queue holds before the oldest is dropped
     * @param dropLimit     dropped messages after which the client is disconnected
     */
    public record Limits(int queueCapacity, long dropLimit) {
        public static final Limits DEFAULT = new Limits(4096, 16_384);

        public Limits {
            if (queueCapacity < 1 || dropLimit < 1) {
                throw new IllegalArgumentException("queue capacity and drop limit must be >= 1, got " + queueCapacity + " and " + dropLimit);
            }
        }
    }

    private final List<Feature> features;
    private final Map<String, Integer> byName = new LinkedHashMap<>();
    private final LongSupplier sequence;
    private final Limits limits;
    private final LatestValues latest;
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> daemon(r, "featurizer-serve-closer"));
    /** Sampled clients' intervals. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "featurizer-serve-timer"));
    /** Clients with something to send, in the order they became ready; the sender thread takes them. */
    private final LinkedBlockingQueue<PushClient> ready = new LinkedBlockingQueue<>();
    private final Thread sender = daemon(this::sendLoop, "featurizer-serve-sender");
    private volatile boolean open = true;
    private final AtomicLong clientIds = new AtomicLong();
    private final AtomicLong slowDisconnected = new AtomicLong();
    private final AtomicLong droppedByGone = new AtomicLong();
    private volatile long published;
    // read by the engine thread on every vector, replaced (copy on write) under the lock when clients come and go
    private volatile Fanout fanout = new Fanout(new VectorView[0], new PushClient[0][]);

    /** The views that have clients, and the clients of each (same index); never changed once published. */
    private record Fanout(VectorView[] views, PushClient[][] clients) {
    }

    /** A hub whose vectors carry sequence -1 unless given to {@link #publish(GroupedNamedDataEvent, long)}. */
    public VectorHub(List<Feature> features) {
        this(features, () -> -1, Limits.DEFAULT);
    }

    /**
     * @param features the graph's outputs, in the order of its combined vectors
     * @param sequence the global ingestion sequence of the input being delivered, read on the engine thread during
     *                 {@link #publish(GroupedNamedDataEvent)} (e.g. {@code emitter::currentSequence})
     * @param limits   per-client queue and drop limits
     */
    public VectorHub(List<Feature> features, LongSupplier sequence, Limits limits) {
        this.features = List.copyOf(features);
        for (int i = 0; i < this.features.size(); i++) {
            byName.put(this.features.get(i).name(), i);
        }
        this.sequence = sequence;
        this.limits = limits;
        this.latest = new LatestValues(this.features);
        sender.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * The one sender thread: hands each ready client's waiting messages to its transport, which writes without
     * blocking (a client whose socket is full keeps its batch outstanding, and meanwhile only its own queue grows).
     */
    private void sendLoop() {
        while (open) {
            PushClient c;
            try {
                c = ready.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                c.sendWaiting();
            } catch (RuntimeException e) {
                detach(c, PushTransport.NORMAL, "send failed: " + e);
            }
        }
    }

    /** A client has something to send (any thread; each client is in the queue at most once). */
    void ready(PushClient c) {
        ready.add(c);
    }

    /** Runs {@code action} after a sampled client's interval. */
    void afterInterval(Runnable action, long nanos) {
        try {
            timer.schedule(action, nanos, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the hub is closing
        }
    }

    /** On the engine thread, for every combined vector; the sequence is read from the hub's sequence supplier. */
    public void publish(GroupedNamedDataEvent v) {
        publish(v, sequence.getAsLong());
    }

    /** On the engine thread, for every combined vector, with the global ingestion sequence of the input that produced it. */
    public void publish(GroupedNamedDataEvent v, long inputSequence) {
        long n = published;
        latest.update(v, inputSequence, n);
        Fanout f = fanout;
        VectorView[] vs = f.views;
        PushClient[][] cs = f.clients;
        for (int i = 0; i < vs.length; i++) {
            PushMessage m = vs[i].encode(v, inputSequence, n);
            for (PushClient c : cs[i]) {
                c.offer(m);
            }
        }
        published = n + 1;
    }

    public List<Feature> features() {
        return features;
    }

    /** The latest value of every output. */
    public LatestValues latest() {
        return latest;
    }

    /** Combined vectors published so far. */
    public long vectorsPublished() {
        return published;
    }

    /** How many times the named output's value changed (per-feature updates). */
    public long featureUpdates(Feature output) {
        return latest.updates(index(output.name()));
    }

    /** Clients disconnected because they fell too far behind. */
    public long slowClientsDisconnected() {
        return slowDisconnected.get();
    }

    /** Messages dropped for slow clients, over all clients ever connected. */
    public long messagesDropped() {
        long d = droppedByGone.get();
        for (PushClient[] cs : fanout.clients) {
            for (PushClient c : cs) {
                d += c.dropped();
            }
        }
        return d;
    }

    /** The connected push clients. */
    public List<ClientStats> clients() {
        List<ClientStats> l = new ArrayList<>();
        for (PushClient[] cs : fanout.clients) {
            for (PushClient c : cs) {
                l.add(c.stats());
            }
        }
        return l;
    }

    private boolean drained() {
        for (PushClient[] cs : fanout.clients) {
            for (PushClient c : cs) {
                if (!c.drained()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Position of an output by display name; -1 if none. */
    public int indexOf(String name) {
        return byName.getOrDefault(name, -1);
    }

    private int index(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(unknown(name));
        }
        return i;
    }

    /** "no feature 'x'; did you mean 'y'? features: ..." */
    public String unknown(String name) {
        return "no feature '" + name + "'" + NearestName.suggestion(name, byName.keySet()) + "; features: " + String.join(", ", byName.keySet());
    }

    /**
     * The outputs named in {@code names} (comma-separated; repeated or blank entries ignored), in output order; all
     * outputs when {@code names} is null or blank.
     *
     * @throws IllegalArgumentException naming the unknown name and the nearest known one
     */
    public List<Feature> select(List<String> names) {
        if (names == null || names.stream().allMatch(String::isBlank)) {
            return features;
        }
        boolean[] chosen = new boolean[features.size()];
        for (String list : names) {
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    chosen[index(name.strip())] = true;
                }
            }
        }
        List<Feature> l = new ArrayList<>();
        for (int i = 0; i < chosen.length; i++) {
            if (chosen[i]) {
                l.add(features.get(i));
            }
        }
        return l;
    }

    /** Registers a push client (called by the server when a client connects). */
    PushClient attach(String kind, List<Feature> selected, VectorView.Format format, long everyNanos, PushTransport transport) {
        PushClient c;
        synchronized (this) {
            VectorView[] vs = fanout.views;
            PushClient[][] cs = fanout.clients;
            int at = -1;
            for (int i = 0; i < vs.length; i++) {
                if (vs[i].matches(selected, format)) {
                    at = i;
                }
            }
            if (at < 0) {
                at = vs.length;
                vs = Arrays.copyOf(vs, at + 1);
                cs = Arrays.copyOf(cs, at + 1);
                vs[at] = new VectorView(features, selected, format);
                cs[at] = new PushClient[0];
            }
            c = new PushClient(kind + "-" + clientIds.incrementAndGet(), kind, vs[at], everyNanos, limits, transport, this);
            PushClient[] withNew = Arrays.copyOf(cs[at], cs[at].length + 1);
            withNew[withNew.length - 1] = c;
            cs = cs.clone();
            cs[at] = withNew;
            fanout = new Fanout(vs, cs); // a new view's encoder is used by the engine thread only once published here
        }
        c.start();
        return c;
    }

    /** Removes a client (its connection ended); safe more than once, from any thread. */
    void detach(PushClient c, int code, String reason) {
        c.close(code, reason);
        synchronized (this) {
            VectorView[] vs = fanout.views;
            PushClient[][] cs = fanout.clients;
            for (int i = 0; i < vs.length; i++) {
                List<PushClient> rest = new ArrayList<>(List.of(cs[i]));
                if (rest.remove(c)) {
                    droppedByGone.addAndGet(c.dropped());
                    List<VectorView> keptViews = new ArrayList<>(List.of(vs));
                    List<PushClient[]> keptClients = new ArrayList<>(List.of(cs));
                    if (rest.isEmpty()) {
                        keptViews.remove(i);
                        keptClients.remove(i);
                    } else {
                        keptClients.set(i, rest.toArray(new PushClient[0]));
                    }
                    fanout = new Fanout(keptViews.toArray(new VectorView[0]), keptClients.toArray(new PushClient[0][]));
                    return;
                }
            }
        }
    }

    /** On the engine thread: a client fell too far behind; it is disconnected by another thread. */
    void evict(PushClient c, String reason) {
        if (c.markEvicted()) {
            slowDisconnected.incrementAndGet();
            try {
                closer.execute(() -> detach(c, PushTransport.TOO_SLOW, reason));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                detach(c, PushTransport.TOO_SLOW, reason); // the hub is closing anyway
            }
        }
    }

    /** Disconnects every client, after giving them up to 2 s to receive what was published (call once the source has stopped). */
    @Override
    public void close() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < deadline && !drained()) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (PushClient[] cs : fanout.clients) {
            for (PushClient c : cs) {
                detach(c, PushTransport.GOING_AWAY, "server stopping");
            }
        }
        open = false;
        sender.interrupt();
        timer.shutdownNow();
        closer.shutdown();
    }
}

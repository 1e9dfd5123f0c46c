package io.featurizer.offline;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.emitter.DataSourceEventEmitter;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.storage.Storage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link DataSourceEventEmitter} that replays storage: the stored events of every registered data
 * source with {@code from <= ts <= to}, merged in the {@link MergeOrder} chosen (default
 * {@link MergeOrder#RECEIPT_TIME}; {@link MergeOrder#INGESTION_SEQUENCE} reproduces a recording's live
 * order exactly) and delivered on one thread, as the live emitter does, so a graph fed by it cannot tell
 * the two apart. A book source starting mid-history starts with a snapshot of the stored book at
 * {@code from} (see {@link StoredInputMerge}).
 *
 * <p>As fast as possible by default, or {@link #paced(double) paced} to event time × a speed factor.
 * {@link #clock()} is the replay's simulated time: the time of the event being delivered.
 * {@link #start()} replays on a delivery thread ({@link #awaitCompletion()} waits for the end of the data);
 * {@link #runToEnd()} replays on the caller's thread, for batch use. A replay runs once.
 *
 * <p>Source ranks (ties in a time merge) follow registration order; {@link #feed(FeatureStreamGraph)}
 * registers a graph's inputs in its source order. Events are views valid during the callback.
 */
public final class OfflineEventEmitter implements DataSourceEventEmitter {
    /** Before the first event. */
    public static final long NO_TIME = Long.MIN_VALUE;

    private final Storage storage;
    private final long from;
    private final long to;
    private final Map<Feature, List<DataSourceCallback>> callbacks = new LinkedHashMap<>();
    private final List<Runnable> endOfData = new ArrayList<>();
    private final CountDownLatch finished = new CountDownLatch(1);
    private MergeOrder order = MergeOrder.RECEIPT_TIME;
    private ReplayPacer pacer;
    private Thread delivery;
    private volatile boolean running;
    private volatile boolean started;
    private volatile boolean reachedEnd;
    private volatile Throwable failure;
    private volatile long clock = NO_TIME;
    private volatile long currentSequence = -1;
    private volatile long delivered;
    private final java.util.function.BooleanSupplier isRunning = () -> running;

    /** Replays the stored events with {@code from <= ts <= to} (ns since the epoch, inclusive). */
    public OfflineEventEmitter(Storage storage, long from, long to) {
        if (from > to) {
            throw new IllegalArgumentException("replay range is empty: from " + from + " > to " + to);
        }
        this.storage = Objects.requireNonNull(storage, "storage");
        this.from = from;
        this.to = to;
    }

    /** How the sources are interleaved; see {@link MergeOrder} for which fits recorded and ingested data. */
    public synchronized OfflineEventEmitter order(MergeOrder order) {
        requireNotStarted("set the merge order");
        this.order = Objects.requireNonNull(order, "order");
        return this;
    }

    /** Deliver at event time × {@code speed} (1 = real time, 100 = a hundred times faster), by the merge order's clock. */
    public synchronized OfflineEventEmitter paced(double speed) {
        requireNotStarted("pace the replay");
        this.pacer = new ReplayPacer(speed);
        return this;
    }

    /** Deliver as fast as the callbacks take the events (the default). */
    public synchronized OfflineEventEmitter asFastAsPossible() {
        requireNotStarted("change the pace");
        this.pacer = null;
        return this;
    }

    private void requireNotStarted(String what) {
        if (started) {
            throw new IllegalStateException("cannot " + what + " once the replay has started");
        }
    }

    @Override
    public synchronized void registerCallback(Feature source, DataSourceCallback callback) {
        requireNotStarted("register callbacks");
        if (!source.isDataSource()) {
            throw new IllegalArgumentException(source + " is not a data source");
        }
        callbacks.computeIfAbsent(source, s -> new ArrayList<>()).add(Objects.requireNonNull(callback, "callback"));
    }

    /**
     * Runs {@code action} on the delivery thread after the last event, when the data ran out (not when
     * stopped early).
     */
    public synchronized void onEndOfData(Runnable action) {
        requireNotStarted("add an end-of-data action");
        endOfData.add(Objects.requireNonNull(action, "action"));
    }

    /**
     * Registers the graph's inputs (in its source order) and, at the end of the data, flushes the graph
     * so an event-time graph releases the events its watermark still holds.
     */
    @Override
    public void feed(FeatureStreamGraph graph) {
        DataSourceEventEmitter.super.feed(graph);
        onEndOfData(graph::flush);
    }

    /** Replays on a new delivery thread; returns at once. */
    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        StoredInputMerge merge = openMerge();
        delivery = new Thread(() -> {
            try {
                replay(merge);
            } catch (Throwable t) {
                failure = t;
            } finally {
                running = false;
                finished.countDown();
            }
        }, "featurizer-offline-delivery");
        delivery.setDaemon(true);
        delivery.start();
    }

    /** Replays on the caller's thread until the data runs out (or {@link #stop()} from another thread or a callback). */
    public void runToEnd() {
        StoredInputMerge merge;
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("this replay has already been started");
            }
            merge = openMerge();
            delivery = Thread.currentThread();
        }
        try {
            replay(merge);
        } finally {
            running = false;
            finished.countDown();
        }
    }

    private StoredInputMerge openMerge() {
        started = true;
        running = true;
        return new StoredInputMerge(storage, List.copyOf(callbacks.keySet()), from, to, order);
    }

    private void replay(StoredInputMerge merge) {
        DataSourceCallback[][] targets = new DataSourceCallback[callbacks.size()][];
        int i = 0;
        for (List<DataSourceCallback> cbs : callbacks.values()) {
            targets[i++] = cbs.toArray(new DataSourceCallback[0]);
        }
        try (merge) {
            while (running && merge.next()) {
                long time = merge.time();
                if (pacer != null && !pacer.awaitDue(time, isRunning)) {
                    return;
                }
                clock = time;
                currentSequence = merge.sequence();
                Feature source = merge.sourceFeature();
                Event event = merge.event();
                for (DataSourceCallback cb : targets[merge.source()]) {
                    cb.onEvent(source, event);
                }
                delivered++;
            }
            if (running) {
                reachedEnd = true;
                endOfData.forEach(Runnable::run);
            }
        }
    }

    /** Stops delivering; returns once the delivery thread has finished its current event. */
    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = delivery;
        }
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t); // a paced replay may be waiting for its next event
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits until the replay has ended (data ran out, stopped, or failed); rethrows a failure of the delivery thread. */
    public void awaitCompletion() throws InterruptedException {
        requireStarted();
        finished.await();
        rethrowFailure();
    }

    /** Like {@link #awaitCompletion()}, for at most {@code timeout}; false if the replay is still running. */
    public boolean awaitCompletion(long timeout, TimeUnit unit) throws InterruptedException {
        requireStarted();
        boolean done = finished.await(timeout, unit);
        if (done) {
            rethrowFailure();
        }
        return done;
    }

    private void requireStarted() {
        if (!started) {
            throw new IllegalStateException("the replay has not been started: call start() first");
        }
    }

    private void rethrowFailure() {
        Throwable f = failure;
        if (f != null) {
            throw new IllegalStateException("offline replay failed after " + delivered + " events: " + f, f);
        }
    }

    /** The replay's simulated time: the time of the event being (or last) delivered, {@link #NO_TIME} before the first. */
    public long clock() {
        return clock;
    }

    /** The merge sequence of the event being (or last) delivered (see {@link StoredInputMerge#sequence()}). */
    public long currentSequence() {
        return currentSequence;
    }

    /** Events delivered so far (each counted once, whatever the number of callbacks). */
    public long eventsDelivered() {
        return delivered;
    }

    /** True once every stored event in range has been delivered (false after an early stop or a failure). */
    public boolean reachedEnd() {
        return reachedEnd;
    }

    public MergeOrder mergeOrder() {
        return order;
    }
}

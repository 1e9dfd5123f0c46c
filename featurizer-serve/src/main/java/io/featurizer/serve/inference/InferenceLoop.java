package io.featurizer.serve.inference;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs an {@link InferenceModel} on its own thread over a stream of combined vectors, with latest-value semantics
 * (the original's InferenceLoop).
 *
 * <p><b>The engine's side</b> ({@link #offer}) copies the vector into a spare buffer and swaps it in as the newest:
 * no queue, no lock, no allocation after the first vectors, never a wait, whatever the model does, and by default no
 * system call either: an idle model thread looks for a newer vector every {@value #DEFAULT_POLL_NANOS} ns rather than
 * being woken by the engine (waking a thread was measured to cost the engine microseconds per vector). <b>The model's
 * side</b> takes the newest vector when it is ready, predicts, and hands the outputs to {@link ModelOutputs}. A
 * vector replaced before the model took it is <i>skipped</i> and counted; so at any time
 * {@code delivered = skipped + taken + (at most one waiting)}, and after {@link #close()}, which runs the model on
 * the last waiting vector, {@code delivered = skipped + predicted + errors} exactly.
 *
 * <p>Three buffers (a triple buffer): the engine writes one, the model reads one, the third is the newest; each
 * swap is one atomic exchange, so a buffer has one owner at a time and its "fresh" flag says whether the model has
 * seen it. A model that throws is counted and logged (the first error with its stack trace, then a line every
 * 1,000), and the next vector is tried.
 */
public final class InferenceLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceLoop.class);
    /**
     * How long an idle model thread sleeps before it looks for a newer vector: {@value #DEFAULT_POLL_NANOS} ns by default
     * (system property {@code featurizer.inference.poll-us} in µs).
     */
    public static final long DEFAULT_POLL_NANOS = 100_000;

    /** One copy of a vector, owned by one side at a time. */
    private static final class Slot {
        final Event[] events;
        final boolean[] present;
        final GroupedNamedDataEvent view;
        long seq;
        volatile boolean fresh;

        Slot(List<Feature> features) {
            events = new Event[features.size()];
            present = new boolean[features.size()];
            view = new GroupedNamedDataEvent(features, events, present);
        }

        void copyFrom(GroupedNamedDataEvent v, long sequence) {
            for (int i = 0; i < events.length; i++) {
                Event e = v.event(i);
                present[i] = e != null;
                if (e != null) {
                    if (events[i] == null || events[i].getClass() != e.getClass()) {
                        events[i] = e.copy();
                    } else {
                        events[i].copyFrom(e);
                    }
                }
            }
            view.setTimes(v.ts(), v.receiptTs());
            seq = sequence;
        }
    }

    private final InferenceModel model;
    private final Feature outputFeature;
    private final ModelOutputs sink;
    private final int featureCount;
    private final AtomicReference<Slot> newest;
    private final Thread thread;
    private final long pollNanos;
    private Slot back; // the engine's
    private volatile boolean running = true;
    private volatile boolean waiting;
    private volatile long delivered;
    private volatile long skipped;
    private volatile long predicted;
    private volatile long errors;
    private volatile long publishErrors;
    private volatile FeatureEvent latestOutput;

    /**
     * Starts the model's thread.
     *
     * @param features      the vector's features, in output order (the graph's combined outputs)
     * @param outputFeature the feature the outputs are, e.g. {@link ModelFeature#of}; its schema is the model's outputs then {@code input_seq}
     */
    public InferenceLoop(InferenceModel model, List<Feature> features, Feature outputFeature, ModelOutputs sink) {
        this(model, features, outputFeature, sink, Long.getLong("featurizer.inference.poll-us", DEFAULT_POLL_NANOS / 1000) * 1000);
    }

    /**
     * @param pollNanos how long the idle model thread sleeps between looks for a newer vector; 0: it sleeps until the
     *                  engine wakes it (a prediction starts at once, but waking a thread costs the engine a system call,
     *                  measured at p50 7 µs per vector on a busy 2-vCPU machine, against about 0.1 µs for an offer that
     *                  wakes nobody; see docs/serving.md)
     */
    public InferenceLoop(InferenceModel model, List<Feature> features, Feature outputFeature, ModelOutputs sink, long pollNanos) {
        if (pollNanos < 0) {
            throw new IllegalArgumentException("poll interval must be >= 0 ns, got " + pollNanos);
        }
        this.pollNanos = pollNanos;
        this.model = model;
        this.outputFeature = outputFeature;
        this.sink = sink;
        this.featureCount = features.size();
        int n = model.outputs().size();
        if (outputFeature.schema().size() != n + 1 || !outputFeature.schema().field(n).name().equals(ModelFeature.INPUT_SEQ)) {
            throw new IllegalArgumentException("output feature " + outputFeature.name() + " has fields " + outputFeature.schema()
                    + ", expected the model's " + n + " outputs then " + ModelFeature.INPUT_SEQ);
        }
        this.back = new Slot(features);
        this.newest = new AtomicReference<>(new Slot(features));
        Slot front = new Slot(features);
        this.thread = new Thread(() -> run(front), "inference-" + model.name());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Hands the newest vector to the model (engine thread; the vector may be a reused view). Returns at once: a vector
     * the model had not yet taken is replaced and counted as skipped. Call from one thread, and not after {@link #close()}.
     */
    public void offer(GroupedNamedDataEvent vector, long seq) {
        if (vector.size() != featureCount) {
            throw new IllegalArgumentException("vector of " + vector.size() + " features, the model's loop was built for " + featureCount);
        }
        back.copyFrom(vector, seq);
        back.fresh = true;
        delivered++; // before the swap, so a reader never sees more predicted than delivered
        Slot previous = newest.getAndSet(back);
        if (previous.fresh) {
            skipped++;
        }
        back = previous;
        if (waiting) { // only when polling is off (pollNanos 0)
            LockSupport.unpark(thread);
        }
    }

    private void run(Slot front) {
        double[] out = new double[model.outputs().size()];
        FeatureEvent output = new FeatureEvent(outputFeature.schema());
        try {
            while (true) {
                Slot got = take(front);
                if (got != null) {
                    front = got;
                    predict(front, out, output);
                } else if (!running) {
                    got = take(front); // the engine has stopped: the last waiting vector, if any
                    if (got != null) {
                        predict(got, out, output);
                    }
                    return;
                } else if (pollNanos > 0) {
                    LockSupport.parkNanos(this, pollNanos); // the engine never wakes this thread: it looks again after a while
                } else {
                    waiting = true;
                    if (!newest.get().fresh && running) {
                        LockSupport.park(this);
                    }
                    waiting = false;
                }
            }
        } finally {
            try {
                model.close();
            } catch (RuntimeException e) {
                LOG.warn("model {}: close failed", model.name(), e);
            }
        }
    }

    /** Swaps the model's used buffer for the newest one if that is fresh; null when nothing new. */
    private Slot take(Slot front) {
        if (!newest.get().fresh) {
            return null;
        }
        front.fresh = false;
        Slot got = newest.getAndSet(front);
        return got.fresh ? got : null; // cannot be stale: only this thread clears a fresh buffer
    }

    private void predict(Slot s, double[] out, FeatureEvent output) {
        try {
            java.util.Arrays.fill(out, Double.NaN);
            model.predict(s.view, out);
        } catch (Exception e) {
            long n = ++errors;
            if (n == 1) {
                LOG.warn("model {} failed on vector {} (errors are counted; the next vector is tried)", model.name(), s.seq, e);
            } else if (n % 1000 == 0) {
                LOG.warn("model {}: {} errors so far, latest on vector {}: {}", model.name(), n, s.seq, e.toString());
            }
            return;
        }
        predicted++;
        for (int i = 0; i < out.length; i++) {
            output.set(i, out[i]);
        }
        output.setLong(out.length, s.seq);
        output.setTimes(s.view.ts(), s.view.receiptTs());
        latestOutput = output.copy(); // one copy per prediction, on this thread: what the engine side reads
        try {
            sink.onPrediction(outputFeature, s.view, s.seq, output);
        } catch (RuntimeException e) {
            if (++publishErrors == 1) {
                LOG.warn("model {}: publishing its outputs failed (counted)", model.name(), e);
            }
        }
    }

    /**
     * The newest prediction as the output feature's event (an immutable copy: times and {@code input_seq} of the
     * vector it was computed from), or null before the first. Any thread.
     */
    public FeatureEvent latestOutput() {
        return latestOutput;
    }

    /** The feature the outputs are published as. */
    public Feature outputFeature() {
        return outputFeature;
    }

    public InferenceModel model() {
        return model;
    }

    /** Counters so far (each exact; read together they may be a few vectors apart while running). */
    public InferenceStats stats() {
        long p = predicted, e = errors, pe = publishErrors;
        long s = skipped;
        return new InferenceStats(delivered, s, p, e, pe); // delivered read last: never below the others' sum
    }

    /** Stops the thread after it has run the model on the last waiting vector; call once the engine no longer offers. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The loop's counters: vectors offered by the engine, skipped (replaced before the model took them), predicted,
     * model errors, and failed hand-offs of a prediction to its consumers.
     */
    public record InferenceStats(long delivered, long skipped, long predicted, long errors, long publishErrors) {
    }
}

package io.featurizer.cli;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.graph.FeatureStreamGraph;
import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.OfflineEventEmitter;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The demo's proof that live and replay agree: while the live graph runs, every input it takes is
 * recorded into storage in the order it took it, and every combined vector it gives is kept; at the end
 * the recording is replayed (in ingestion sequence order) through a fresh graph of the same config and
 * each vector is compared with the live one, bit for bit.
 *
 * <p>The graph and the recorder share one emitter callback per input, so they see exactly the same
 * events: an event the hand-off dropped reaches neither, and no event can reach one and miss the other
 * (two registrations would take two hand-off slots, each dropped, and with several venues interleaved,
 * on its own).
 */
final class ReplayParity implements LiveRun.Tap, AutoCloseable {
    private static final int BLOCK_EVENTS = 4_096; // several blocks per stream in a demo: the replay crosses block boundaries

    private final FeaturizerConfig config;
    private final Path root;
    private final boolean temporary;
    private final PrintStream out;
    private final Storage storage;
    private final Recorder recorder;
    private final List<GroupedNamedDataEvent> live = new ArrayList<>();
    private final Object gate = new Object(); // the delivery thread holds it per event; sealing takes it once
    private boolean open = true;
    private boolean recorderClosed;
    private boolean closed;
    private long compared = -1;
    private long different;

    private ReplayParity(FeaturizerConfig config, Path root, boolean temporary, PrintStream out) {
        this.config = config;
        this.root = root;
        this.temporary = temporary;
        this.out = out;
        this.storage = Storage.open(root);
        Recorder r;
        try {
            // fsync never: the recording only has to outlive this process. Blocks of a fixed count, not per minute of
            // event time: the venue's REST book snapshot is stamped with the wall clock, years after the simulated
            // market's deltas around it, and a time bucket would file it away from them, out of recorded order
            r = Recorder.open(storage, root.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(BLOCK_EVENTS));
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        this.recorder = r;
    }

    /** Records into {@code keepIn} (which must be empty or absent), or into a temporary folder deleted on close when null. */
    static ReplayParity open(FeaturizerConfig config, Path keepIn, PrintStream out) {
        if (keepIn == null) {
            Path tmp;
            try {
                tmp = Files.createTempDirectory("featurizer-demo-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary folder for the demo's recording", e);
            }
            return new ReplayParity(config, tmp, true, out);
        }
        if (Files.exists(keepIn) && !isEmptyDirectory(keepIn)) {
            throw new FeaturizerCli.UserError("--storage " + keepIn + ": expected an empty or new folder (the demo replays everything stored in it)");
        }
        try {
            Files.createDirectories(keepIn);
        } catch (IOException e) {
            throw new FeaturizerCli.UserError("--storage " + keepIn + ": cannot create the folder (" + FeaturizerCli.reason(e) + ")");
        }
        return new ReplayParity(config, keepIn, false, out);
    }

    private static boolean isEmptyDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** One callback per input: the graph takes the event, then the recorder (after, so the vector's latency excludes recording). */
    @Override
    public void feed(FeatureStreamGraph graph, LiveEventEmitter emitter) {
        for (Feature in : graph.getIns()) {
            int index = graph.sourceIndex(in);
            DataSourceCallback record = recorder.callback(in);
            emitter.registerCallback(in, (source, event) -> {
                synchronized (gate) {
                    if (open) {
                        graph.emit(index, event);
                        record.onEvent(source, event);
                    }
                }
            });
        }
    }

    /** On the delivery thread, inside {@link #feed}'s gate. */
    @Override
    public void onCombined(GroupedNamedDataEvent vector) {
        live.add(vector.copy());
    }

    /**
     * After the emitter stopped: no more events in (even from a delivery thread that outlived stop), replay,
     * compare, print, and release the recording now (after a Ctrl-C the JVM exits as soon as the run is done).
     */
    @Override
    public void finish() {
        synchronized (gate) {
            open = false;
        }
        try {
            compareWithReplay();
        } finally {
            close();
        }
    }

    private void compareWithReplay() {
        recorderClosed = true;
        recorder.close();
        long t0 = System.nanoTime();
        Comparison c = new Comparison();
        FeatureStreamGraph graph = FeatureStreamGraph.builder(config).combineOutputs(c::next).build();
        OfflineEventEmitter replay = new OfflineEventEmitter(storage, Long.MIN_VALUE, Long.MAX_VALUE).order(MergeOrder.INGESTION_SEQUENCE);
        // the graph's inputs without the end-of-data flush feed(graph) adds: the live graph was never flushed either
        for (Feature in : graph.getIns()) {
            int index = graph.sourceIndex(in);
            replay.registerCallback(in, (source, event) -> graph.emit(index, event));
        }
        replay.runToEnd();
        c.end();
        compared = Math.max(live.size(), c.replayed);
        different = c.different;
        out.printf(Locale.ROOT, "replay parity: %,d vectors compared, %,d different (%,d inputs recorded, %,d replayed in ingestion order in %.1f s)%n",
                compared, different, recorder.accepted(), replay.eventsDelivered(), (System.nanoTime() - t0) / 1e9);
        if (c.firstDifference != null) {
            out.print(c.firstDifference);
        }
        if (!temporary) {
            out.println("recording kept in " + root + " (replay it: featurizer demo --print-config > demo.yaml; featurizer replay --config demo.yaml --storage "
                    + root + " --order sequence)");
        }
        out.flush();
    }

    /** True once {@link #finish()} has compared the vectors and found none different. */
    boolean passed() {
        return compared >= 0 && different == 0;
    }

    /** Compares the replayed vectors, as they come, with the live ones at the same position. */
    private final class Comparison {
        long replayed;
        long different;
        String firstDifference;

        void next(GroupedNamedDataEvent replay) {
            int i = (int) replayed++;
            GroupedNamedDataEvent expected = i < live.size() ? live.get(i) : null;
            if (expected == null || !expected.equals(replay)) {
                different++;
                if (firstDifference == null) {
                    firstDifference = describe(i, expected, replay);
                }
            }
        }

        void end() {
            if (replayed < live.size()) {
                different += live.size() - replayed;
                if (firstDifference == null) {
                    firstDifference = describe((int) replayed, live.get((int) replayed), null);
                }
            }
        }

        private String describe(int i, GroupedNamedDataEvent expected, GroupedNamedDataEvent actual) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "first difference at vector %,d (%,d live, %,d replayed so far):%n",
                    i, live.size(), replayed));
            if (expected == null || actual == null) {
                GroupedNamedDataEvent only = expected == null ? actual : expected;
                sb.append(expected == null ? "  only the replay has it: " : "  only the live run has it: ").append(only).append('\n');
                return sb.toString();
            }
            if (expected.ts() != actual.ts() || expected.receiptTs() != actual.receiptTs()) {
                sb.append(String.format(Locale.ROOT, "  time: live ts=%d receipt=%d, replay ts=%d receipt=%d%n",
                        expected.ts(), expected.receiptTs(), actual.ts(), actual.receiptTs()));
            }
            for (int f = 0; f < expected.size(); f++) {
                Event a = expected.event(f), b = actual.event(f);
                if (a == null ? b != null : !a.equals(b)) {
                    sb.append("  ").append(expected.feature(f).name()).append(":\n    live   ").append(a).append("\n    replay ").append(b).append('\n');
                }
            }
            return sb.toString();
        }
    }

    /** Closes the storage; a temporary recording is deleted. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!recorderClosed) {
                recorderClosed = true;
                recorder.close();
            }
        } finally {
            storage.close();
            if (temporary) {
                deleteTree(root);
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo's temporary recording " + dir, e);
        }
    }
}

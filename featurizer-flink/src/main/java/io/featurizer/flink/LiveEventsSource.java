package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.exchanges.live.FeedStats;
import io.featurizer.exchanges.live.LiveEventEmitter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.connector.source.SplitsAssignment;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Live venues as an unbounded Flink source, for users who want no Kafka in between: one reader runs the live
 * emitters ({@link LiveEventEmitter}: WebSockets, book sync and resync, reconnect with backoff) for every data source
 * of the config and numbers the events it accepts with one ingestion sequence, as the recorder does; the workers merge
 * each group by that sequence, so a group sees the live order. A live feed cannot be replayed: after a restore the
 * feeds start again (books resynchronise from fresh snapshots), and what the venues sent since the checkpoint (also
 * what was accepted but not yet handed to Flink) is not seen again; the numbering goes on from the last sequence
 * handed to Flink before the checkpoint. The feeds' health (resyncs after gaps, disconnects, stale feeds, dropped
 * events, checksum mismatches) are the reader's Flink metrics.
 */
public final class LiveEventsSource implements Source<SourceRecord, LiveEventsSource.LiveSplit, Integer>, ResultTypeQueryable<SourceRecord> {
    private final RunSpec spec;
    private final Map<String, String> webSockets;
    private final Map<String, String> rests;

    /**
     * @param webSockets per exchange, the WebSocket URL to read (the venue's public one where absent)
     * @param rests      per exchange, its REST URL (book snapshots)
     */
    LiveEventsSource(RunSpec spec, Map<String, URI> webSockets, Map<String, URI> rests) {
        this.spec = spec;
        this.webSockets = strings(webSockets);
        this.rests = strings(rests);
    }

    private static Map<String, String> strings(Map<String, URI> uris) {
        Map<String, String> out = new HashMap<>();
        uris.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    private static Map<String, URI> uris(Map<String, String> strings) {
        Map<String, URI> out = new HashMap<>();
        strings.forEach((k, v) -> out.put(k, URI.create(v)));
        return out;
    }

    /** The one split: the live feeds, and the last sequence handed out. */
    public record LiveSplit(long sequence) implements SourceSplit {
        @Override
        public String splitId() {
            return "live";
        }
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<SourceRecord, LiveSplit> createReader(SourceReaderContext context) {
        return new Reader(spec, new LiveEventEmitter.Endpoints(uris(webSockets), uris(rests)), context);
    }

    @Override
    public SplitEnumerator<LiveSplit, Integer> createEnumerator(SplitEnumeratorContext<LiveSplit> context) {
        return new Enumerator(context, new LiveSplit(0));
    }

    @Override
    public SplitEnumerator<LiveSplit, Integer> restoreEnumerator(SplitEnumeratorContext<LiveSplit> context, Integer unassigned) {
        return new Enumerator(context, unassigned != null && unassigned == 1 ? new LiveSplit(0) : null);
    }

    @Override
    public SimpleVersionedSerializer<LiveSplit> getSplitSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(LiveSplit split) throws IOException {
                DataOutputSerializer out = new DataOutputSerializer(8);
                out.writeLong(split.sequence());
                return out.getCopyOfBuffer();
            }

            @Override
            public LiveSplit deserialize(int version, byte[] bytes) throws IOException {
                return new LiveSplit(new DataInputDeserializer(bytes).readLong());
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<Integer> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(Integer unassigned) {
                return new byte[] {(byte) (int) unassigned};
            }

            @Override
            public Integer deserialize(int version, byte[] bytes) {
                return (int) bytes[0];
            }
        };
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }

    /** Gives the one split to the first reader; the others read nothing. */
    private static final class Enumerator implements SplitEnumerator<LiveSplit, Integer> {
        private final SplitEnumeratorContext<LiveSplit> context;
        private LiveSplit unassigned;

        Enumerator(SplitEnumeratorContext<LiveSplit> context, LiveSplit unassigned) {
            this.context = context;
            this.unassigned = unassigned;
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtask, String host) {
        }

        @Override
        public void addSplitsBack(List<LiveSplit> splits, int subtask) {
            unassigned = splits.get(0);
        }

        @Override
        public void addReader(int subtask) {
            if (unassigned != null) {
                context.assignSplits(new SplitsAssignment<>(Map.of(subtask, List.of(unassigned))));
                unassigned = null;
            }
        }

        @Override
        public Integer snapshotState(long checkpointId) {
            return unassigned == null ? 0 : 1;
        }

        @Override
        public void close() {
        }
    }

    /** Runs the emitters; their delivery thread hands numbered records over through a bounded queue. */
    static final class Reader implements SourceReader<SourceRecord, LiveSplit> {
        private final RunSpec spec;
        private final LiveEventEmitter.Endpoints endpoints;
        private final SourceReaderContext context;
        private final ArrayBlockingQueue<SourceRecord> queue = new ArrayBlockingQueue<>(65_536);
        private volatile CompletableFuture<Void> available = new CompletableFuture<>();
        private LiveEventEmitter emitter;
        private long sequence; // written by the delivery thread only
        private long emitted; // the last sequence handed to Flink (task thread)

        Reader(RunSpec spec, LiveEventEmitter.Endpoints endpoints, SourceReaderContext context) {
            this.spec = spec;
            this.endpoints = endpoints;
            this.context = context;
        }

        /** The feeds' health as Flink metrics, summed over venues: gaps show as resyncs. */
        private void registerMetrics(LiveEventEmitter e) {
            var group = context.metricGroup();
            group.gauge("feedResyncs", (Gauge<Long>) () -> sum(e, FeedStats::resyncs));
            group.gauge("feedDisconnects", (Gauge<Long>) () -> sum(e, FeedStats::disconnects));
            group.gauge("feedStale", (Gauge<Long>) () -> sum(e, FeedStats::staleFeeds));
            group.gauge("feedDropped", (Gauge<Long>) () -> sum(e, FeedStats::dropped));
            group.gauge("feedChecksumMismatches", (Gauge<Long>) () -> sum(e, FeedStats::checksumMismatches));
        }

        private static long sum(LiveEventEmitter e, java.util.function.ToLongFunction<FeedStats> f) {
            return e.stats().values().stream().mapToLong(f).sum();
        }

        @Override
        public void start() {
        }

        @Override
        public void addSplits(List<LiveSplit> splits) {
            sequence = splits.get(0).sequence();
            FlinkPlan plan = spec.plan();
            emitter = new LiveEventEmitter(endpoints);
            List<Feature> sources = plan.sources();
            for (int r = 0; r < sources.size(); r++) {
                int rank = r;
                int route = plan.route(plan.groupOfSource(rank));
                emitter.registerCallback(sources.get(rank), (source, event) -> offer(route, rank, event));
            }
            registerMetrics(emitter);
            emitter.start();
        }

        /** On the emitter's delivery thread: number the event and hand it over (waiting while the queue is full). */
        private void offer(int route, int rank, Event event) {
            long seq = ++sequence;
            SourceRecord r = new SourceRecord(route, rank, SourceRecord.EVENT, seq, seq, event.copy());
            try {
                while (!queue.offer(r, 100, TimeUnit.MILLISECONDS)) {
                    if (emitter == null) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            available.complete(null);
        }

        @Override
        public InputStatus pollNext(ReaderOutput<SourceRecord> output) {
            SourceRecord r = queue.poll();
            if (r == null) {
                CompletableFuture<Void> next = new CompletableFuture<>();
                available = next;
                if (!queue.isEmpty()) {
                    next.complete(null); // an offer came between the poll and the new future
                }
                return InputStatus.NOTHING_AVAILABLE;
            }
            output.collect(r);
            emitted = r.key;
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public List<LiveSplit> snapshotState(long checkpointId) {
            return emitter == null ? List.of() : List.of(new LiveSplit(emitted));
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void notifyNoMoreSplits() {
        }

        @Override
        public void close() {
            LiveEventEmitter e = emitter;
            emitter = null;
            if (e != null) {
                e.stop();
            }
        }
    }
}

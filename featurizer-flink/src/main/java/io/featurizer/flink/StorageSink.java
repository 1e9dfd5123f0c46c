package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.MergeOrder;
import io.featurizer.offline.compute.FeatureCache;
import io.featurizer.offline.compute.FeatureSeries;
import io.featurizer.storage.StagedBlocks;
import io.featurizer.storage.Storage;
import io.featurizer.storage.StorageLocation;
import io.featurizer.storage.catalog.BlockMetadata;
import io.featurizer.storage.DataKind;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Feature outputs into Featurizer Storage, as feature blocks in the layout {@code compute} stores its features in
 * ({@link FeatureCache#stream}, compaction {@value FeatureCache#COMPACTION}: the fields, then the input position). On
 * each checkpoint every subtask writes one block per feature with the outputs since the previous one, stored but not
 * listed; the committer lists them in the catalog when the checkpoint completes. Listing is idempotent (a block is
 * named by its content hash: a checkpoint's commit replayed after a restore lists nothing twice), and outputs after the
 * last completed checkpoint are recomputed from it, so the catalog holds every output exactly once.
 *
 * <p>Not recorded: the input lineage a {@code compute} writes with its blocks, so a later {@code compute} recomputes
 * the features rather than reusing these blocks.
 */
public final class StorageSink implements Sink<FeatureOutput>, SupportsCommitter<BlockMetadata> {
    private final RunSpec spec;
    private final StorageLocation location;

    StorageSink(RunSpec spec, StorageLocation location) {
        this.spec = spec;
        this.location = location;
    }

    /** Sends every feature output of a job over the config into the store at {@code target}, listed on checkpoints. */
    public static void attach(DataStream<FeatureOutput> outputs, String configYaml, String configName, int parallelism, StorageLocation target) {
        RunSpec spec = new RunSpec(configYaml, configName, parallelism, MergeOrder.RECEIPT_TIME, Long.MIN_VALUE, Long.MAX_VALUE);
        outputs.sinkTo(new StorageSink(spec, target)).uid("featurizer-storage-features").setParallelism(parallelism);
    }

    @Override
    public CommittingSinkWriter<FeatureOutput, BlockMetadata> createWriter(WriterInitContext context) {
        return new Writer(spec.plan(), location.open());
    }

    @Override
    public Committer<BlockMetadata> createCommitter(CommitterInitContext context) {
        return new BlockCommitter(location.open());
    }

    @Override
    public SimpleVersionedSerializer<BlockMetadata> getCommittableSerializer() {
        return new BlockSerializer();
    }

    /** Collects each feature's outputs until a checkpoint, then writes them as one staged block per feature. */
    static final class Writer implements CommittingSinkWriter<FeatureOutput, BlockMetadata> {
        private final List<Feature> features;
        private final Storage storage;
        private final FeatureSeries[] pending;
        private final Event[] scratch;

        Writer(FlinkPlan plan, Storage storage) {
            this.features = plan.outputs();
            this.storage = storage;
            this.pending = new FeatureSeries[features.size()];
            this.scratch = new Event[features.size()];
            for (int i = 0; i < pending.length; i++) {
                pending[i] = new FeatureSeries(features.get(i).schema());
                scratch[i] = Events.newEvent(features.get(i).schema());
                storage.register(features.get(i));
            }
        }

        @Override
        public void write(FeatureOutput o, Context context) {
            if (o.feature == FeatureOutput.DATA_END) {
                return;
            }
            EventBytes.decodeInto(o.event, scratch[o.feature]);
            pending[o.feature].append(scratch[o.feature], o.inputTime, o.inputOrder);
        }

        @Override
        public void flush(boolean endOfInput) {
        }

        @Override
        public Collection<BlockMetadata> prepareCommit() {
            List<BlockMetadata> staged = new ArrayList<>();
            for (int i = 0; i < pending.length; i++) {
                if (pending[i].size() == 0) {
                    continue;
                }
                Feature f = features.get(i);
                List<FeatureEvent> events = FeatureCache.blockEvents(f, pending[i]);
                long[] sequences = new long[events.size()];
                for (int k = 0; k < sequences.length; k++) {
                    sequences[k] = k;
                }
                staged.add(storage.writeStaged(FeatureCache.stream(f), FeatureCache.COMPACTION, events, sequences, new StagedBlocks()));
                pending[i] = new FeatureSeries(f.schema());
            }
            return staged;
        }

        @Override
        public void close() {
            storage.close();
        }
    }

    /** Lists committed checkpoints' blocks in the catalog, each once. */
    static final class BlockCommitter implements Committer<BlockMetadata> {
        private final Storage storage;

        BlockCommitter(Storage storage) {
            this.storage = storage;
        }

        @Override
        public void commit(Collection<CommitRequest<BlockMetadata>> requests) {
            StagedBlocks staged = new StagedBlocks();
            for (CommitRequest<BlockMetadata> r : requests) {
                BlockMetadata b = r.getCommittable();
                if (!storage.catalog().hasBlock(b.kind(), b.key(), b.hash())) {
                    staged.add(b);
                }
            }
            if (!staged.blocks().isEmpty()) {
                storage.commit(staged, List.of());
            }
        }

        @Override
        public void close() {
            storage.close();
        }
    }

    /** A staged block's catalog row (version 1). */
    static final class BlockSerializer implements SimpleVersionedSerializer<BlockMetadata> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(BlockMetadata b) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            out.writeUTF(b.kind().name());
            out.writeUTF(b.key());
            out.writeUTF(b.path());
            out.writeUTF(b.hash());
            out.writeUTF(b.compaction());
            out.writeLong(b.startTs());
            out.writeLong(b.endTs());
            out.writeLong(b.eventCount());
            out.writeLong(b.sizeBytes());
            return out.getCopyOfBuffer();
        }

        @Override
        public BlockMetadata deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) {
                throw new IOException("staged block version " + version + " is not supported (expected 1)");
            }
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            return new BlockMetadata(DataKind.valueOf(in.readUTF()), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readLong(),
                    in.readLong(), in.readLong(), in.readLong());
        }
    }
}

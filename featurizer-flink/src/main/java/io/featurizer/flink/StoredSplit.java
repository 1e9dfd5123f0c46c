package io.featurizer.flink;

import org.apache.flink.api.connector.source.lib.util.IteratorSourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;

/**
 * One data source's stored events from the replay start on: a split of {@link StoredEventsSource}. A checkpoint
 * records how many of its records were sent ({@link #sent}); a restored split reopens the stream and skips them.
 */
final class StoredSplit implements IteratorSourceSplit<SourceRecord, StoredSplitIterator> {
    final StoredInput input;
    final int rank;
    final long sent;

    StoredSplit(StoredInput input, int rank, long sent) {
        this.input = input;
        this.rank = rank;
        this.sent = sent;
    }

    @Override
    public String splitId() {
        return "source-" + rank;
    }

    @Override
    public StoredSplitIterator getIterator() {
        return new StoredSplitIterator(this);
    }

    @Override
    public IteratorSourceSplit<SourceRecord, StoredSplitIterator> getUpdatedSplitForIterator(StoredSplitIterator iterator) {
        return new StoredSplit(input, rank, iterator.sent());
    }

    @Override
    public String toString() {
        return "StoredSplit[source " + rank + ", " + sent + " sent]";
    }

    /** Splits as bytes (version 1: input, rank, sent). */
    static final class Serializer implements SimpleVersionedSerializer<StoredSplit> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(StoredSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(256);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public StoredSplit deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) {
                throw new IOException("stored split version " + version + " is not supported (expected 1)");
            }
            return read(new DataInputDeserializer(bytes));
        }

        static void write(StoredSplit split, DataOutputSerializer out) throws IOException {
            split.input.write(out);
            out.writeInt(split.rank);
            out.writeLong(split.sent);
        }

        static StoredSplit read(DataInputDeserializer in) throws IOException {
            return new StoredSplit(StoredInput.read(in), in.readInt(), in.readLong());
        }
    }

    /** The enumerator's checkpoint: the splits not yet handed out (version 1). */
    static final class PendingSerializer implements SimpleVersionedSerializer<Collection<StoredSplit>> {
        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(Collection<StoredSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(1024);
            out.writeInt(splits.size());
            for (StoredSplit s : splits) {
                Serializer.write(s, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public Collection<StoredSplit> deserialize(int version, byte[] bytes) throws IOException {
            if (version != 1) {
                throw new IOException("stored splits version " + version + " is not supported (expected 1)");
            }
            DataInputDeserializer in = new DataInputDeserializer(bytes);
            int n = in.readInt();
            Collection<StoredSplit> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(Serializer.read(in));
            }
            return out;
        }
    }
}

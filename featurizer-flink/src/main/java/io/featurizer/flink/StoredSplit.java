package io.featurizer.flink;

import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;

/**
 * One data source's stored events from the replay start on: a split of {@link StoredEventsSource}, named by the
 * source's rank. A checkpoint records how many of its records were sent ({@link #sent}); a restored split reopens the
 * stream and skips them. What to read (store, config, range) is the source's, not repeated in every split's state.
 */
final class StoredSplit implements SourceSplit {
    final int rank;
    final long sent;

    StoredSplit(int rank, long sent) {
        this.rank = rank;
        this.sent = sent;
    }

    @Override
    public String splitId() {
        return "source-" + rank;
    }

    @Override
    public String toString() {
        return "StoredSplit[source " + rank + ", " + sent + " sent]";
    }

    /** Splits as bytes (version 2: rank, sent). */
    static final class Serializer implements SimpleVersionedSerializer<StoredSplit> {
        @Override
        public int getVersion() {
            return 2;
        }

        @Override
        public byte[] serialize(StoredSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(16);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public StoredSplit deserialize(int version, byte[] bytes) throws IOException {
            if (version != 2) {
                throw new IOException("stored split version " + version + " is not supported (expected 2)");
            }
            return read(new DataInputDeserializer(bytes));
        }

        static void write(StoredSplit split, DataOutputSerializer out) throws IOException {
            out.writeInt(split.rank);
            out.writeLong(split.sent);
        }

        static StoredSplit read(DataInputDeserializer in) throws IOException {
            return new StoredSplit(in.readInt(), in.readLong());
        }
    }

    /** The enumerator's checkpoint: the splits not yet handed out (version 2). */
    static final class PendingSerializer implements SimpleVersionedSerializer<Collection<StoredSplit>> {
        @Override
        public int getVersion() {
            return 2;
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
            if (version != 2) {
                throw new IOException("stored splits version " + version + " is not supported (expected 2)");
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

package io.featurizer.flink;

import io.featurizer.core.feature.Feature;
import io.featurizer.offline.StoredStream;
import io.featurizer.storage.Storage;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One UTC day of one data source's stored stream: a split of {@link StoredEventsSource}. A source's stream is cut where
 * it first reaches an event of the next day ({@link #end}, exchange time): events after that in stream order (receipt
 * order, exchange times may step back) belong to the next day's split, so the days cover the stream once, in order.
 * The first split of a source ({@link #index} 0) starts at the replay start and carries the source's state seed; the
 * last ({@link #end} {@link Long#MAX_VALUE}) its end record.
 *
 * <p>A checkpoint records how many of the split's records were sent ({@link #sent}) and how many of the source's
 * records came before the split ({@link #before}, known once the split is reached): a restored split reopens the
 * stream through the stored-stream reader at the replay start and skips {@code before + sent} records, so it resumes
 * exactly where it stood whatever the exchange times and block layout.
 */
final class StoredSplit implements SourceSplit, Serializable {
    private static final long DAY = 86_400_000_000_000L;

    final int rank;
    final int index;
    /** Where the day starts (the replay start for the first split), exchange time. */
    final long start;
    /** The next day's start, {@link Long#MAX_VALUE} for the source's last split. */
    final long end;
    final long before;
    final long sent;

    StoredSplit(int rank, int index, long start, long end, long before, long sent) {
        this.rank = rank;
        this.index = index;
        this.start = start;
        this.end = end;
        this.before = before;
        this.sent = sent;
    }

    boolean last() {
        return end == Long.MAX_VALUE;
    }

    /** This split as a checkpoint keeps it: reached after {@code before} records of the source, {@code sent} of its own sent. */
    StoredSplit at(long before, long sent) {
        return new StoredSplit(rank, index, start, end, before, sent);
    }

    /**
     * The day splits of every source (rank order, then days) of a replay from {@code from}: one per UTC day from the day
     * of the source's first stored event at or after {@code from} to that of its last; one split when nothing is stored.
     */
    static List<StoredSplit> of(Storage storage, List<Feature> sources, long from) {
        List<StoredSplit> splits = new ArrayList<>();
        for (int rank = 0; rank < sources.size(); rank++) {
            long[] span = StoredStream.span(storage, List.of(sources.get(rank)));
            long first = Math.max(from, span[0]);
            int days = span[0] > span[1] || first > span[1] ? 1 : (int) (Math.floorDiv(span[1], DAY) - Math.floorDiv(first, DAY) + 1);
            long day0 = Math.floorDiv(first, DAY) * DAY;
            for (int d = 0; d < days; d++) {
                splits.add(new StoredSplit(rank, d, d == 0 ? from : day0 + d * DAY, d == days - 1 ? Long.MAX_VALUE : day0 + (d + 1) * DAY, 0, 0));
            }
        }
        return splits;
    }

    @Override
    public String splitId() {
        return "source-" + rank + "-day-" + index;
    }

    @Override
    public String toString() {
        return "StoredSplit[source " + rank + ", day " + index + " from " + start + (last() ? "" : " to " + end) + ", " + before + " before, "
                + sent + " sent]";
    }

    /** Splits as bytes (version 3: rank, index, start, end, before, sent). */
    static final class Serializer implements SimpleVersionedSerializer<StoredSplit> {
        static final int VERSION = 3;

        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(StoredSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(48);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public StoredSplit deserialize(int version, byte[] bytes) throws IOException {
            if (version != VERSION) {
                throw new IOException("stored split version " + version + " is not supported (expected " + VERSION + ")");
            }
            return read(new DataInputDeserializer(bytes));
        }

        static void write(StoredSplit split, DataOutputSerializer out) throws IOException {
            out.writeInt(split.rank);
            out.writeInt(split.index);
            out.writeLong(split.start);
            out.writeLong(split.end);
            out.writeLong(split.before);
            out.writeLong(split.sent);
        }

        static StoredSplit read(DataInputDeserializer in) throws IOException {
            return new StoredSplit(in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        }
    }

    /** The enumerator's checkpoint: the splits not yet handed out (version 3). */
    static final class PendingSerializer implements SimpleVersionedSerializer<Collection<StoredSplit>> {
        @Override
        public int getVersion() {
            return Serializer.VERSION;
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
            if (version != Serializer.VERSION) {
                throw new IOException("stored splits version " + version + " is not supported (expected " + Serializer.VERSION + ")");
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

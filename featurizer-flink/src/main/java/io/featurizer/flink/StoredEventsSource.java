package io.featurizer.flink;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.util.Collection;
import java.util.List;

/**
 * Featurizer Storage as a bounded Flink source (FLIP-27): one split per data source and UTC day ({@link StoredSplit}), read through the stored-stream
 * reader of {@code featurizer-offline}, so a Flink backfill sees exactly the inputs {@code featurizer compute} and
 * {@code replay} see. Each reader gets its share of the splits at once and reads them merged by time
 * ({@link StoredSourceReader}); a checkpoint keeps each split's position.
 */
public final class StoredEventsSource implements Source<SourceRecord, StoredSplit, Collection<StoredSplit>>, ResultTypeQueryable<SourceRecord> {
    private final StoredInput input;
    private final List<StoredSplit> splits;

    /** @param splits every source's day splits ({@link StoredSplit#of}) */
    StoredEventsSource(StoredInput input, List<StoredSplit> splits) {
        this.input = input;
        this.splits = List.copyOf(splits);
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<SourceRecord, StoredSplit> createReader(SourceReaderContext context) {
        return new StoredSourceReader(input, context);
    }

    @Override
    public SplitEnumerator<StoredSplit, Collection<StoredSplit>> createEnumerator(SplitEnumeratorContext<StoredSplit> context) {
        return new StoredSplitEnumerator(context, input.spec().plan(), splits);
    }

    @Override
    public SplitEnumerator<StoredSplit, Collection<StoredSplit>> restoreEnumerator(SplitEnumeratorContext<StoredSplit> context,
                                                                                   Collection<StoredSplit> pending) {
        return new StoredSplitEnumerator(context, input.spec().plan(), pending);
    }

    @Override
    public SimpleVersionedSerializer<StoredSplit> getSplitSerializer() {
        return new StoredSplit.Serializer();
    }

    @Override
    public SimpleVersionedSerializer<Collection<StoredSplit>> getEnumeratorCheckpointSerializer() {
        return new StoredSplit.PendingSerializer();
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}

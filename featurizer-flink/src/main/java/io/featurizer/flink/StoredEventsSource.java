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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Featurizer Storage as a bounded Flink source (FLIP-27): one split per data source, read through the stored-stream
 * reader of {@code featurizer-offline}, so a Flink backfill sees exactly the inputs {@code featurizer compute} and
 * {@code replay} see. Each reader gets its share of the splits at once and reads them merged by time
 * ({@link StoredSourceReader}); a checkpoint keeps each split's position.
 */
public final class StoredEventsSource implements Source<SourceRecord, StoredSplit, Collection<StoredSplit>>, ResultTypeQueryable<SourceRecord> {
    private final StoredInput input;
    private final int sources;

    StoredEventsSource(StoredInput input, int sources) {
        this.input = input;
        this.sources = sources;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<SourceRecord, StoredSplit> createReader(SourceReaderContext context) {
        return new StoredSourceReader(input);
    }

    @Override
    public SplitEnumerator<StoredSplit, Collection<StoredSplit>> createEnumerator(SplitEnumeratorContext<StoredSplit> context) {
        List<StoredSplit> splits = new ArrayList<>();
        for (int rank = 0; rank < sources; rank++) {
            splits.add(new StoredSplit(rank, 0));
        }
        return new StoredSplitEnumerator(context, splits);
    }

    @Override
    public SplitEnumerator<StoredSplit, Collection<StoredSplit>> restoreEnumerator(SplitEnumeratorContext<StoredSplit> context,
                                                                                   Collection<StoredSplit> pending) {
        return new StoredSplitEnumerator(context, pending);
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

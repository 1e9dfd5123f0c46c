package io.featurizer.flink;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * A reader to the enumerator: the day split {@code index} of the source of rank {@code rank} is read up to its end;
 * hand me the source's next one. Sent again after a restore, so the enumerator hands a split out only if it still
 * holds it.
 */
record NextSplit(int rank, int index) implements SourceEvent {
}

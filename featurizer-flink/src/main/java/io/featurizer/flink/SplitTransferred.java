package io.featurizer.flink;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * The enumerator to a reader: the split of source {@code rank}, day {@code index}, that it asked to transfer now
 * belongs to its owner (sent together with the assignment, so both readers see it on the same side of a checkpoint).
 */
record SplitTransferred(int rank, int index) implements SourceEvent {
}

package io.featurizer.flink;

import org.apache.flink.api.connector.source.SourceEvent;

/**
 * A reader to the enumerator after a restore at another parallelism: this split (with how far it was read) landed
 * here, but its group's worker is another subtask; give it to that subtask's reader. The reader keeps the split, unread,
 * in its checkpoints until {@link SplitTransferred} says it went, so a checkpoint in between loses nothing.
 */
record TransferSplit(StoredSplit split) implements SourceEvent {
}

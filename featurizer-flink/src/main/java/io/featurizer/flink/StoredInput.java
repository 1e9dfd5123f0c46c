package io.featurizer.flink;

import io.featurizer.storage.StorageLocation;

import java.io.Serializable;

/** What a job reads from storage: where the store is and where the replay starts (the range start minus the warm-up). */
record StoredInput(RunSpec spec, StorageLocation storage, long from) implements Serializable {
}

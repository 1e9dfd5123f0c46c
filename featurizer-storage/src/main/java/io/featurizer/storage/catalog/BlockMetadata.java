package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;

/**
 * One stored block: a Parquet file of a data source's or feature's events from {@code startTs} to
 * {@code endTs} (inclusive, ns since epoch, by event time {@code ts}). {@code hash} is the content hash
 * that makes writes idempotent; {@code path} is the key in the data store.
 */
public record BlockMetadata(DataKind kind, String key, String path, String hash, String compaction,
                            long startTs, long endTs, long eventCount, long sizeBytes) {
}

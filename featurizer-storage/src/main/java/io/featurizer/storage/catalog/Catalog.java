package io.featurizer.storage.catalog;

import io.featurizer.storage.DataKind;

import java.util.List;
import java.util.Optional;

/**
 * The SQL index of stored blocks (svoe's tables {@code data_sources_metadata}, {@code features_metadata},
 * {@code data_source_blocks_metadata}, {@code feature_blocks_metadata}). Registration and block rows are
 * idempotent: adding what is already there changes nothing. Safe for concurrent use by several threads
 * and, for SQLite, by a recorder and a reader in two processes.
 */
public interface Catalog extends AutoCloseable {
    /** Adds the data source unless its key is known. */
    void registerDataSource(DataSourceMetadata meta);

    /** Adds the feature unless its key is known. */
    void registerFeature(FeatureMetadata meta);

    /** Adds a block row; false (and no change) when a block with the same kind, key and hash is already listed. */
    boolean addBlock(BlockMetadata block);

    /**
     * Changes a listed block's content hash (a migration: {@code featurizer catalog rehash}); false if no
     * row has that kind, key, path and old hash.
     */
    boolean setBlockHash(BlockMetadata block, String newHash);

    /** True if a block with this kind, key and content hash is listed. */
    boolean hasBlock(DataKind kind, String key, String hash);

    /** Blocks of a key overlapping [from, to] (inclusive), ordered by start_ts then end_ts. */
    List<BlockMetadata> blocks(DataKind kind, String key, long from, long to);

    Optional<DataSourceMetadata> dataSource(String key);

    Optional<FeatureMetadata> feature(String key);

    List<DataSourceMetadata> dataSources();

    List<FeatureMetadata> features();

    @Override
    void close();
}

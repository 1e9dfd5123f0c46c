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

    /**
     * Removes {@code remove} and adds {@code add} in one transaction: a reader sees the old set of blocks or the
     * new one, never a mix (ingest's replace mode, {@code catalog compact}, a stale computed block replaced).
     * Blocks of {@code add} already listed are left as they are. Their files are the caller's business.
     */
    void replaceBlocks(List<BlockMetadata> remove, List<BlockMetadata> add);

    /**
     * Records what a computed block was computed from: a digest of its inputs ({@code lineage}) and, for people,
     * the input blocks as a JSON array of {@code "kind/key/hash"} strings. Replaces what was recorded.
     */
    void setLineage(BlockMetadata block, String lineage, String inputsJson);

    /** The lineage digest recorded for a block, if any. */
    Optional<String> lineage(BlockMetadata block);

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

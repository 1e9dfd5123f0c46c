package io.featurizer.storage;

import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;

/**
 * What one stored stream is: a data source's events or a feature's outputs, named by kind, definition
 * and feature key (the first three path segments of its blocks), with its event schema.
 */
public record StreamId(DataKind kind, String definition, String key, Schema schema) {
    public StreamId {
        StorageLayout.segment("definition", definition);
        StorageLayout.segment("key", key);
    }

    /** The stream of a feature: a data source's events, or a feature's outputs. */
    public static StreamId of(Feature feature) {
        return new StreamId(feature.isDataSource() ? DataKind.DATA_SOURCE : DataKind.FEATURE, feature.definition().name(),
                feature.key(), feature.schema());
    }

    /** {@code kind/definition/key}: the stream's name in the journal and in messages. */
    public String path() {
        return kind.folder() + '/' + definition + '/' + key;
    }

    /** Parses {@link #path()} back (the journal stores it with the schema). */
    public static StreamId parse(String path, Schema schema) {
        String[] p = path.split("/");
        if (p.length != 3) {
            throw new IllegalArgumentException("stream '" + path + "': expected kind/definition/key");
        }
        for (DataKind k : DataKind.values()) {
            if (k.folder().equals(p[0])) {
                return new StreamId(k, p[1], p[2], schema);
            }
        }
        throw new IllegalArgumentException("stream '" + path + "': unknown kind '" + p[0] + "', expected data_sources or features");
    }

    /** True for an L2 book stream, whose blocks start with a book snapshot. */
    public boolean isBook() {
        return kind == DataKind.DATA_SOURCE && schema.equals(io.featurizer.core.event.BookUpdate.SCHEMA);
    }

    @Override
    public String toString() {
        return path();
    }
}

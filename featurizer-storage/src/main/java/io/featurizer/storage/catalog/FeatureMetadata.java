package io.featurizer.storage.catalog;

/** A stored feature: its key, display name, definition, canonical params as JSON, and the keys of its data sources. */
public record FeatureMetadata(String key, String name, String definition, String paramsJson, String dataSourceKeysJson) {
}

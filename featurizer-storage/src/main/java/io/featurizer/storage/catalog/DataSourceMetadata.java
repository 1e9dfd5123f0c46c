package io.featurizer.storage.catalog;

/** A stored data source: its key and what it is (definition, venue, symbol, canonical params as JSON). */
public record DataSourceMetadata(String key, String definition, String exchange, String instrumentType, String symbol,
                                 String paramsJson) {
}

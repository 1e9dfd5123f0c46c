package io.featurizer.cli;

import io.featurizer.storage.Storage;
import io.featurizer.storage.StorageLocation;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where storage is: the options every storage command shares. */
final class StorageOptions {
    @Option(names = "--storage", defaultValue = "${env:FEATURIZER_STORAGE:-featurizer-data}",
            description = "Storage root folder: blocks, the SQLite catalog, the recorder's journal (default ${DEFAULT-VALUE}; env FEATURIZER_STORAGE).")
    Path root;

    @Option(names = "--store", description = "Keep blocks elsewhere: a folder or s3://bucket/prefix?endpoint=http://host:port&region=... (default: the storage root).")
    String store;

    @Option(names = "--catalog", description = "Catalog JDBC URL, e.g. jdbc:postgresql://host/db?user=u&password=p (default: SQLite catalog.db in the storage root).")
    String catalog;

    /**
     * What this storage lists, for a universe's {@code symbols: '*'}: the catalog is opened (read-only) only when a
     * config asks, and closed again.
     */
    io.featurizer.core.config.SymbolListing symbolListing() {
        return new io.featurizer.core.config.SymbolListing() {
            @Override
            public java.util.Optional<java.util.List<String>> symbols(String exchange, String instrumentType) {
                try (Storage s = openForReading()) {
                    return new io.featurizer.offline.StoredSymbols(s.catalog(), describe()).symbols(exchange, instrumentType);
                }
            }

            @Override
            public String describe() {
                return "storage " + (store != null ? store : catalog != null ? catalog : root);
            }
        };
    }

    /** A storage root that exists must be a folder. */
    private void checkRoot() {
        if (root.toString().isBlank()) {
            throw new FeaturizerCli.UserError("--storage '" + root + "': expected a folder (default featurizer-data, or $FEATURIZER_STORAGE)");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new FeaturizerCli.UserError("--storage " + root + ": is a file; expected the storage folder (default featurizer-data, or $FEATURIZER_STORAGE)");
        }
    }

    Storage open() {
        checkRoot();
        try {
            return location().open();
        } catch (IllegalArgumentException e) {
            throw new FeaturizerCli.UserError("--" + e.getMessage());
        } catch (java.io.UncheckedIOException e) {
            throw new FeaturizerCli.UserError(e.getMessage());
        }
    }

    /** The options as a location a job can carry (the Flink runner's tasks open storage through it). */
    StorageLocation location() {
        return new StorageLocation(root.toString(), store, catalog);
    }

    /** For commands that change what a store holds (compact, rehash): the store must be there already. */
    Storage openExisting() {
        checkRoot();
        if (store == null && catalog == null && !Files.exists(root)) {
            throw new FeaturizerCli.UserError("--storage " + root + ": no such folder; expected a storage folder written by record or ingest "
                    + "(default featurizer-data, or $FEATURIZER_STORAGE)");
        }
        return open();
    }

    /**
     * For commands that only read: a local store whose SQLite catalog exists is opened read-only (nothing is written,
     * not even the work folder), so they work on a store the user cannot write; else as {@link #open()}.
     */
    Storage openForReading() {
        return openForReading(true);
    }

    /** As {@link #openForReading()}; {@code mustExist} false lets a missing local root be created (sql can query files outside storage). */
    Storage openForReading(boolean mustExist) {
        checkRoot();
        if (mustExist && store == null && catalog == null && !Files.exists(root)) {
            throw new FeaturizerCli.UserError("--storage " + root + ": no such folder; expected a storage folder written by record or ingest "
                    + "(default featurizer-data, or $FEATURIZER_STORAGE)");
        }
        StorageLocation location = location();
        if (location.readsReadOnly()) {
            try {
                return location.openForReading();
            } catch (io.featurizer.storage.catalog.CatalogException | java.io.UncheckedIOException e) {
                throw new FeaturizerCli.UserError("cannot read storage " + root + ": " + e.getMessage());
            }
        }
        return open();
    }
}

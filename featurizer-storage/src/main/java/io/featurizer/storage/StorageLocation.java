package io.featurizer.storage;

import io.featurizer.storage.catalog.Catalog;
import io.featurizer.storage.catalog.JdbcCatalog;
import io.featurizer.storage.store.DataStoreAdapter;
import io.featurizer.storage.store.DataStores;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a store lives, as text a job can carry to other machines: the storage root (its work folder, and by default
 * its blocks and SQLite catalog), optionally blocks elsewhere ({@code store}: a folder or {@code s3://...}) and a
 * catalog JDBC URL. The CLI's {@code --storage/--store/--catalog} and the Flink runner's tasks open storage through it.
 *
 * @param root    the storage root folder
 * @param store   blocks' location, or null for the root
 * @param catalog a catalog JDBC URL, or null for {@code catalog.db} in the root
 */
public record StorageLocation(String root, String store, String catalog) implements Serializable {
    public static StorageLocation local(Path root) {
        return new StorageLocation(root.toString(), null, null);
    }

    public Path rootPath() {
        return Path.of(root);
    }

    /** True for the default layout: blocks and the SQLite catalog inside the root. */
    public boolean isLocal() {
        return store == null && catalog == null;
    }

    /**
     * Opens the store for reading and writing. A bad {@code store} or {@code catalog} is an
     * {@link IllegalArgumentException} naming the part; an unreachable store an {@link UncheckedIOException}.
     */
    public Storage open() {
        DataStoreAdapter blocks;
        try {
            blocks = DataStores.open(store == null ? root : store);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open storage " + (store == null ? root : store) + ": " + e.getMessage(), e);
        }
        Catalog cat;
        try {
            cat = catalog == null ? JdbcCatalog.inStorageRoot(rootPath()) : JdbcCatalog.open(catalog);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("catalog: " + e.getMessage(), e);
        }
        return new Storage(blocks, cat, rootPath().resolve(".work"));
    }

    /** True when reading opens read-only: a local store whose SQLite catalog exists. */
    public boolean readsReadOnly() {
        return isLocal() && Files.isRegularFile(rootPath().resolve(Storage.CATALOG_FILE));
    }

    /** For reading only: read-only where {@link #readsReadOnly()} (nothing written), else as {@link #open()}. */
    public Storage openForReading() {
        return readsReadOnly() ? Storage.openReadOnly(rootPath()) : open();
    }

    @Override
    public String toString() {
        return isLocal() ? root : root + (store == null ? "" : " (blocks " + store + ")") + (catalog == null ? "" : " (catalog " + catalog.replaceAll("password=[^&]*", "password=***") + ")");
    }
}

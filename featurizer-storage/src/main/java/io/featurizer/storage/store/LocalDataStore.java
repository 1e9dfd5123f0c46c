package io.featurizer.storage.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * The default store: block files in a local folder. A put copies into a hidden temp file next to the
 * target, fsyncs it and renames it over the target, so a reader sees the old file or the new one, never a
 * part. Keys that would leave the root (by '..', an absolute path or a symlink) are refused.
 * Folders emptied by {@link #delete} are left in place (a concurrent put may be about to use them). Thread-safe.
 */
public final class LocalDataStore implements DataStoreAdapter {
    private final RootedPaths paths;

    /** A store rooted at {@code root}; the folder is created if missing. */
    public LocalDataStore(Path root) throws IOException {
        this.paths = new RootedPaths(root);
    }

    /** The store's root folder (absolute, normalized). */
    public Path root() {
        return paths.root();
    }

    @Override
    public void put(Path localFile, String key) throws IOException {
        Path target = paths.fileForWrite(key);
        if (!Files.isRegularFile(localFile)) {
            throw new NoSuchFileException(localFile.toString(), null, "cannot store it under '" + key + "': not a regular file");
        }
        AtomicFiles.copy(localFile, target);
    }

    @Override
    public void putMoving(Path localFile, String key) throws IOException {
        Path target = paths.fileForWrite(key);
        if (!Files.isRegularFile(localFile)) {
            throw new NoSuchFileException(localFile.toString(), null, "cannot store it under '" + key + "': not a regular file");
        }
        AtomicFiles.move(localFile, target);
    }

    @Override
    public boolean exists(String key) throws IOException {
        return Files.isRegularFile(paths.file(key));
    }

    @Override
    public Path fetch(String key) throws IOException {
        Path path = paths.file(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(path.toString(), null, "no stored file for key '" + key + "'");
        }
        return path;
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        StoreKeys.checkPrefix(prefix);
        Path folder = paths.folderOfPrefix(prefix);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        // attributes are read without following links: a symlink is never listed nor descended into
        try (Stream<Path> files = Files.find(folder, Integer.MAX_VALUE, (p, attrs) -> attrs.isRegularFile())) {
            files.forEach(file -> {
                if (!StoreKeys.isTempName(file.getFileName().toString())) {
                    String key = paths.keyOf(file);
                    if (key.startsWith(prefix)) {
                        keys.add(key);
                    }
                }
            });
        }
        Collections.sort(keys);
        return keys;
    }

    @Override
    public void delete(String key) throws IOException {
        Path path = paths.file(key);
        if (Files.deleteIfExists(path)) {
            AtomicFiles.syncDirectory(path.getParent());
        }
    }

    @Override
    public String describe(String key) {
        return paths.root() + "/" + key;
    }

    @Override
    public String toString() {
        return "LocalDataStore[" + paths.root() + "]";
    }
}

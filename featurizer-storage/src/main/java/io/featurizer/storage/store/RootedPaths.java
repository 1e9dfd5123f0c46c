package io.featurizer.storage.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Maps store keys to paths under one local root and refuses any that would leave it: the key is checked
 * lexically ({@link io.featurizer.storage.StorageLayout#checkKey}, then normalize + startsWith) and the nearest existing folder
 * on its way is resolved through symlinks, so a link inside the root cannot lead writes outside it.
 */
final class RootedPaths {
    private final Path root;
    private final Path realRoot;

    RootedPaths(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
        this.realRoot = this.root.toRealPath();
    }

    Path root() {
        return root;
    }

    /** The path of a key; its folder may not exist yet. */
    Path file(String key) throws IOException {
        StoreKeys.checkKey(key);
        Path path = lexical(key);
        checkRealParent(path, key);
        return path;
    }

    /** The path of a key with its folders created (each checked against the root). */
    Path fileForWrite(String key) throws IOException {
        Path path = file(key);
        Files.createDirectories(path.getParent());
        // re-check: a folder could have been swapped for a link between the check and the creation
        checkRealParent(path, key);
        return path;
    }

    /** The folder holding every key that starts with a checked list prefix. */
    Path folderOfPrefix(String prefix) throws IOException {
        int slash = prefix.lastIndexOf('/');
        if (slash < 0) {
            return root;
        }
        String folder = prefix.substring(0, slash);
        Path path = lexical(folder);
        checkReal(path, prefix);
        return path;
    }

    /** The key of a file under the root, with '/' separators. */
    String keyOf(Path file) {
        String separator = file.getFileSystem().getSeparator();
        String relative = root.relativize(file).toString();
        return separator.equals("/") ? relative : relative.replace(separator, "/");
    }

    private Path lexical(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("storage key '" + key + "' resolves to " + path + ", outside the store root " + root);
        }
        return path;
    }

    private void checkRealParent(Path path, String key) throws IOException {
        checkReal(path.getParent(), key);
        if (Files.isSymbolicLink(path)) {
            checkReal(path, key);
        }
    }

    /** Resolves the nearest existing ancestor of {@code path} (itself included) through links and checks it. */
    private void checkReal(Path path, String key) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.exists(existing)) { // only a dangling link exists without following links but not with
            throw new IllegalArgumentException("storage key '" + key + "' goes through the dangling link " + existing);
        }
        Path real = existing.toRealPath();
        if (!real.startsWith(realRoot)) {
            throw new IllegalArgumentException("storage key '" + key + "' goes through " + existing + " -> " + real
                    + ", outside the store root " + realRoot);
        }
    }
}

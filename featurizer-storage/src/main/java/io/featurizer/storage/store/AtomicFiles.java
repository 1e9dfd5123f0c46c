package io.featurizer.storage.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Publishes a file whole or not at all: the content goes to a hidden temp file in the target's folder
 * ({@code .name.<random>.tmp}), is fsynced, and is renamed over the target; then the folder is fsynced so
 * the rename survives a crash.
 */
final class AtomicFiles {
    static final String TEMP_SUFFIX = ".tmp";

    /** Fills a temp file; it is created empty. */
    @FunctionalInterface
    interface Filler {
        void fill(Path temp) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} atomically with what {@code filler} puts into a temp file next to it. */
    static void write(Path target, Filler filler) throws IOException {
        Path dir = target.getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", TEMP_SUFFIX);
        try {
            filler.fill(temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot publish " + target + " atomically: the file system does not support an atomic rename", e);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncDirectory(dir);
    }

    /** Copies {@code source} to {@code target} atomically (the source is left in place). */
    static void copy(Path source, Path target) throws IOException {
        write(target, temp -> Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING));
    }

    /** Moves {@code source} to {@code target} atomically: a rename on one file system, else a copy (the source is gone after). */
    static void move(Path source, Path target) throws IOException {
        write(target, temp -> Files.move(source, temp, StandardCopyOption.REPLACE_EXISTING));
    }

    /** Makes a folder's entries durable; best effort, as some platforms (Windows) cannot open a folder. */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the rename is still atomic; it is only its durability across a power loss that is not guaranteed here
        }
    }
}

package io.featurizer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A command's output file, written whole or not at all: the output goes to a temp file beside the target, renamed
 * over it only when complete, so an interrupted or failed run leaves no half file (and an old file stays as it was).
 * The target is checked before any work starts: not a folder, its folder creatable.
 */
final class OutputFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private boolean committed;

    OutputFile(Path target, String option) {
        this.target = target.toAbsolutePath().normalize();
        if (Files.isDirectory(this.target)) {
            throw new FeaturizerCli.UserError(option + " " + target + " is a folder: expected a file name, e.g. " + target.resolve("out.parquet"));
        }
        try {
            Files.createDirectories(this.target.getParent());
        } catch (IOException e) {
            throw new FeaturizerCli.UserError(option + " " + target + ": cannot create its folder (" + e.getMessage() + ")");
        }
        this.temp = this.target.resolveSibling("." + this.target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    }

    /** Where to write now. */
    Path temp() {
        return temp;
    }

    /** The output is complete: it takes the target's place. */
    void commit() {
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the finished output to " + target, e);
        }
    }

    /** Removes the temp file unless committed. */
    @Override
    public void close() {
        if (!committed) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temp file beside the target costs disk space only
            }
        }
    }
}

package io.featurizer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output file ({@code --out}) written under a temporary name in the target's folder and renamed over the
 * target only when complete: a run that fails or is killed midway leaves no half file, and an older target
 * stays as it was. {@link #close()} without {@link #commit()} deletes the temporary file.
 */
final class AtomicOutput implements AutoCloseable {
    /** For tests: runs just before the rename, so a test can make a run fail after writing everything. */
    static volatile Runnable beforeCommit = () -> {
    };

    private final Path target;
    private final Path temp;
    private boolean done;

    private AtomicOutput(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /**
     * Checks {@code target} as the value of {@code option} (a file path, not a folder; its folder is created if missing)
     * and creates the temporary file beside it; {@code example} is a file name to suggest, e.g. {@code features.parquet}.
     */
    static AtomicOutput create(Path target, String option, String example) {
        if (target.toString().isBlank()) {
            throw new FeaturizerCli.UserError(option + " '" + target + "': expected a file path such as " + example);
        }
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new FeaturizerCli.UserError(option + " " + target + ": is a folder; expected a file path such as " + target.resolve(example));
        }
        if (file.getFileName() == null) {
            throw new FeaturizerCli.UserError(option + " " + target + ": expected a file path");
        }
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FeaturizerCli.UserError(option + " " + target + ": cannot create the folder " + dir + " (" + FeaturizerCli.reason(e) + ")");
        }
        try {
            return new AtomicOutput(file, Files.createTempFile(dir, "." + file.getFileName() + ".", ".part"));
        } catch (IOException e) {
            throw new FeaturizerCli.UserError(option + " " + target + ": cannot write in " + dir + " (" + FeaturizerCli.reason(e) + ")");
        }
    }

    /** Where to write: the temporary file. */
    Path temp() {
        return temp;
    }

    Path target() {
        return target;
    }

    /** Moves the complete temporary file over the target. */
    void commit() {
        beforeCommit.run();
        try {
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + temp + " to " + target, e);
        }
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                System.err.println("warning: cannot delete the unfinished " + temp + ": " + e.getMessage());
            }
        }
    }
}

package io.featurizer.storage.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where block files live: a local directory (the default) or an S3-compatible bucket. Keys are
 * relative, '/'-separated paths of the storage layout (already validated by the caller; an adapter
 * still refuses a key that would leave its root). Writes are atomic: a reader sees a whole file or none.
 */
public interface DataStoreAdapter extends AutoCloseable {
    /** Stores the local file under {@code key} atomically (local: temp file in the target folder, then rename). Overwrites. */
    void put(Path localFile, String key) throws IOException;

    /**
     * Like {@link #put}, but the local file is consumed: a local store on the same file system renames it
     * into place instead of copying it (the block writer's temp files live under the storage root).
     */
    default void putMoving(Path localFile, String key) throws IOException {
        put(localFile, key);
        java.nio.file.Files.deleteIfExists(localFile);
    }

    boolean exists(String key) throws IOException;

    /** A local file with the key's content: the file itself for a local store, a cached download for S3. */
    Path fetch(String key) throws IOException;

    /** Keys under a prefix, sorted. */
    List<String> list(String prefix) throws IOException;

    void delete(String key) throws IOException;

    /** A human-readable location of the key for messages (a path or an s3:// URL). */
    String describe(String key);

    @Override
    default void close() throws IOException {
    }
}

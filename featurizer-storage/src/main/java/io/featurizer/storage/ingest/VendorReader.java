package io.featurizer.storage.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A streaming reader of one vendor file that delivers normalized events to an {@link IngestSink}.
 * {@link #bytesRead()} may be polled from another thread (e.g. {@code reader::bytesRead} as a
 * {@code LongSupplier} for a progress bar) against {@link #totalBytes()}; both count the file's bytes
 * as stored (compressed for {@code .gz}).
 */
public interface VendorReader extends Closeable {
    Path path();

    /** Size of the file on disk. */
    long totalBytes();

    /** Bytes of the file consumed so far; safe to call from any thread. */
    long bytesRead();

    /** The data source of the file's (first) rows, with overrides applied; empty if the file tells none. */
    Optional<VendorSource> source();

    /**
     * Reads the whole file (once), delivering events in file order.
     *
     * @throws IngestException on a malformed row (strict mode) or a file that can't be read as this vendor's format
     */
    IngestStats read(IngestSink sink) throws IOException;
}

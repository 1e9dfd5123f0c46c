package io.featurizer.storage.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A vendor file opened for streaming: gzip is recognized by its magic bytes (so a {@code .csv.gz} renamed
 * {@code .csv} still reads), and the bytes taken from disk are counted for progress reporting.
 */
final class VendorFile implements Closeable {
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final long totalBytes;
    private final CountingStream counted;
    private final InputStream content;

    private VendorFile(Path path) throws IOException {
        this.path = path;
        this.totalBytes = Files.size(path);
        this.counted = new CountingStream(Files.newInputStream(path));
        BufferedInputStream buffered = new BufferedInputStream(counted, BUFFER);
        InputStream in = buffered;
        try {
            if (isGzip(buffered)) {
                in = new GZIPInputStream(buffered, BUFFER);
            }
        } catch (IOException e) {
            buffered.close();
            throw new IngestException(path, 0, "unreadable gzip header (" + (e.getMessage() == null ? "cut short" : e.getMessage()) + ")", "expected a gzip or plain CSV file");
        }
        this.content = in;
    }

    static VendorFile open(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IngestException(path, 0, "no such file", "expected a readable vendor CSV file");
        }
        return new VendorFile(path);
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    Path path() {
        return path;
    }

    /** The decoded (decompressed) bytes. */
    InputStream content() {
        return content;
    }

    long totalBytes() {
        return totalBytes;
    }

    long bytesRead() {
        return counted.count;
    }

    @Override
    public void close() throws IOException {
        content.close();
    }

    /** Counts bytes read; {@code count} is volatile so a progress thread sees it (one write per buffer refill). */
    private static final class CountingStream extends FilterInputStream {
        volatile long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(n);
            count += k;
            return k;
        }
    }
}

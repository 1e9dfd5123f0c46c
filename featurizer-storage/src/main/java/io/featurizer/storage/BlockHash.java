package io.featurizer.storage;

import io.featurizer.core.event.Event;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The content hash of a block: SHA-256 over each event's sequence and canonical serialization
 * ({@link Event#write}), so it depends on the events only, not on the Parquet writer. Equal content
 * gives an equal hash, which makes block writes idempotent (re-ingest, re-recover).
 */
public final class BlockHash {
    private BlockHash() {
    }

    /** 32 lowercase hex digits (128 bits of the SHA-256). */
    public static String of(List<? extends Event> events, long[] sequences) {
        return of(events, sequences, new long[0]);
    }

    /** Like {@link #of(List, long[])}, with numbers describing the block (e.g. a covered range) hashed after the events. */
    public static String of(List<? extends Event> events, long[] sequences, long... extra) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
        try (DataOutputStream out = new DataOutputStream(new DigestBuffer(md))) {
            for (int i = 0; i < events.size(); i++) {
                out.writeLong(sequences[i]);
                events.get(i).write(out);
            }
            for (long x : extra) {
                out.writeLong(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(md.digest(), 0, 16);
    }

    /**
     * Feeds the digest in 64 KiB chunks. Unlike BufferedOutputStream it takes no lock per write: the
     * event serializers write 1 to 8 bytes at a time, and the lock dominated hashing a block.
     */
    private static final class DigestBuffer extends OutputStream {
        private final MessageDigest md;
        private final byte[] buf = new byte[1 << 16];
        private int n;

        DigestBuffer(MessageDigest md) {
            this.md = md;
        }

        @Override
        public void write(int b) {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (len > buf.length - n) {
                flush();
                if (len > buf.length) {
                    md.update(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, buf, n, len);
            n += len;
        }

        @Override
        public void flush() {
            md.update(buf, 0, n);
            n = 0;
        }

        @Override
        public void close() {
            flush();
        }
    }
}

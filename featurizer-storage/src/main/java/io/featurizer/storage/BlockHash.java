package io.featurizer.storage;

import io.featurizer.core.event.Event;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
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
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), md), 1 << 16))) {
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
}

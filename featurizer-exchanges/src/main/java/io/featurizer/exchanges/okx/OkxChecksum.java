package io.featurizer.exchanges.okx;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.book.PriceLadder;

import java.util.zip.CRC32;

/**
 * OKX's order book checksum: CRC32 over the best 25 bids and 25 asks, interleaved as
 * {@code bidPx:bidSz:askPx:askSz:...} (when one side runs out, the other's levels follow alone), read
 * as a signed 32-bit integer. OKX defines it over the exact strings it sent; the book keeps doubles,
 * so each price and size is written back with {@link OkxDecimal} (see there for when that equals the
 * venue's string).
 *
 * <p>One instance per thread: it reuses its byte buffer and {@link CRC32}. Nothing is allocated per
 * call unless a level holds a double that is no short decimal ({@link OkxDecimal}'s fallback).
 */
public final class OkxChecksum {
    /** Levels per side the checksum covers. */
    public static final int DEPTH = 25;

    private final CRC32 crc = new CRC32();
    private byte[] buf = new byte[4 * DEPTH * (OkxDecimal.MAX_FAST_CHARS + 1)];
    private int len;

    /** The checksum of {@code book}'s current top levels, as the signed value OKX sends. */
    public int of(OrderBook book) {
        PriceLadder bids = book.bids();
        PriceLadder asks = book.asks();
        int nb = Math.min(DEPTH, bids.count());
        int na = Math.min(DEPTH, asks.count());
        len = 0;
        for (int i = 0; i < DEPTH; i++) {
            if (i < nb) {
                level(bids.price(i), bids.size(i));
            }
            if (i < na) {
                level(asks.price(i), asks.size(i));
            }
        }
        crc.reset();
        crc.update(buf, 0, len);
        return (int) crc.getValue();
    }

    /** The check string {@link #of} hashed last (for tests and diagnostics; allocates). */
    public String lastCheckString() {
        return new String(buf, 0, len, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private void level(double price, double size) {
        if (len > 0) {
            put(':');
        }
        value(price);
        put(':');
        value(size);
    }

    private void value(double d) {
        room(OkxDecimal.MAX_FAST_CHARS);
        int end = OkxDecimal.writeFast(d, buf, len);
        if (end >= 0) {
            len = end;
            return;
        }
        String s = OkxDecimal.toString(d); // no short decimal: allocates
        room(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        room(1);
        buf[len++] = (byte) c;
    }

    private void room(int n) {
        if (len + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(len + n, buf.length * 2));
        }
    }

    /** CRC32 of an ASCII check string as a signed int: what OKX's documentation computes by hand. */
    public static int ofCheckString(String s) {
        CRC32 c = new CRC32();
        c.update(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return (int) c.getValue();
    }
}

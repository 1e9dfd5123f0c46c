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
 * <p>One instance per thread: it reuses its byte buffer, {@link CRC32} and a small cache of formatted
 * values (about 100 KB). Nothing is allocated per call except when a value that is no short decimal
 * ({@link OkxDecimal}'s fallback) is formatted and not cached yet.
 */
public final class OkxChecksum {
    /** Levels per side the checksum covers. */
    public static final int DEPTH = 25;

    private static final int CACHE_BITS = 11;

    private final CRC32 crc = new CRC32();
    // Direct-mapped cache of formatted values (double bits -> ASCII): the top levels change little from
    // one book to the next, so most values are copied rather than formatted again.
    private final long[] cacheKeys = new long[1 << CACHE_BITS];
    private final byte[] cacheLengths = new byte[1 << CACHE_BITS];
    private final byte[] cacheBytes = new byte[(1 << CACHE_BITS) * OkxDecimal.MAX_FAST_CHARS];
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
        long bits = Double.doubleToRawLongBits(d);
        int h = (int) ((bits * 0x9E3779B97F4A7C15L) >>> (64 - CACHE_BITS));
        int n = cacheLengths[h];
        if (n != 0 && cacheKeys[h] == bits) {
            System.arraycopy(cacheBytes, h * OkxDecimal.MAX_FAST_CHARS, buf, len, n);
            len += n;
            return;
        }
        int end = OkxDecimal.writeFast(d, buf, len);
        if (end < 0) {
            String s = OkxDecimal.toString(d); // no short decimal: allocates, once per value while it stays cached
            room(s.length());
            for (int i = 0; i < s.length(); i++) {
                buf[len + i] = (byte) s.charAt(i);
            }
            end = len + s.length();
        }
        n = end - len;
        if (n <= OkxDecimal.MAX_FAST_CHARS) {
            cacheKeys[h] = bits;
            cacheLengths[h] = (byte) n;
            System.arraycopy(buf, len, cacheBytes, h * OkxDecimal.MAX_FAST_CHARS, n);
        }
        len = end;
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

package io.featurizer.core.event;

import io.featurizer.core.text.Hex;

import java.nio.charset.StandardCharsets;

/**
 * A venue's trade id as the 64-bit {@link Trade} id: one rule for every live venue and every vendor ingest,
 * so the same trade gets the same id whether it was decoded live or loaded from a vendor file.
 * <ul>
 *     <li>decimal ids that fit a {@code long} (up to 19 digits, e.g. Bybit spot {@code "2290000000061666327"})
 *     are their value;</li>
 *     <li>UUIDs (e.g. Bybit linear {@code "9dc75fca-4bdd-4773-9f78-6f5d7ab2a110"}) are the XOR of their high and
 *     low 64 bits, so {@code 00000000-0000-0000-xxxx-xxxxxxxxxxxx} is {@code 0xxxxxxxxxxxxxxxxx};</li>
 *     <li>anything else (venue strings, longer numbers) is its 64-bit FNV-1a hash with the sign bit set, so a
 *     hashed id is negative and never equals a numeric one;</li>
 *     <li>an empty id is -1.</li>
 * </ul>
 * Folding 128 bits into 64 is not injective, but two trades of one symbol colliding is a 2^-64 event.
 */
public final class TradeIds {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TradeIds() {
    }

    /** The id of the ASCII bytes {@code b[start, end)}; allocation-free. */
    public static long of(byte[] b, int start, int end) {
        int len = end - start;
        if (len == 0) {
            return -1;
        }
        if (len <= 19) {
            long v = decimal(b, start, end);
            if (v >= 0) {
                return v;
            }
        }
        if (len == 36 && b[start + 8] == '-' && b[start + 13] == '-' && b[start + 18] == '-' && b[start + 23] == '-') {
            long hi = 0;
            long lo = 0;
            int nibbles = 0;
            boolean ok = true;
            for (int i = 0; i < 36 && ok; i++) {
                if (i == 8 || i == 13 || i == 18 || i == 23) {
                    continue;
                }
                int h = Hex.digit(b[start + i]);
                if (h < 0) {
                    ok = false;
                } else if (nibbles++ < 16) {
                    hi = (hi << 4) | h;
                } else {
                    lo = (lo << 4) | h;
                }
            }
            if (ok) {
                return hi ^ lo;
            }
        }
        long h = FNV_OFFSET;
        for (int i = start; i < end; i++) {
            h ^= b[i] & 0xff;
            h *= FNV_PRIME;
        }
        return h | Long.MIN_VALUE;
    }

    /** The id of a string (tests, REST replies); same rule as {@link #of(byte[], int, int)}. */
    public static long of(String id) {
        byte[] b = id.getBytes(StandardCharsets.US_ASCII);
        return of(b, 0, b.length);
    }

    /** The UUID whose id is {@code id} under the rule above: {@code 00000000-0000-0000-} then its 16 hex digits split 4-12. */
    public static String uuidOf(long id) {
        String hex = String.format("%016x", id);
        return "00000000-0000-0000-" + hex.substring(0, 4) + "-" + hex.substring(4);
    }

    /** The value of an all-digit id that fits a long, or -1. */
    private static long decimal(byte[] b, int start, int end) {
        long v = 0;
        for (int i = start; i < end; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

}

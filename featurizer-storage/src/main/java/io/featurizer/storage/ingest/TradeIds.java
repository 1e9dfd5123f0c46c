package io.featurizer.storage.ingest;

/**
 * A venue's trade id as the 64-bit {@code id} of a {@link io.featurizer.core.event.Trade}. Ids of 1 to 18
 * decimal digits are kept as numbers. Any other id (UUIDs, venue strings, longer numbers) becomes a stable
 * hash: 64-bit FNV-1a of its bytes with the sign bit set, so hashed ids are always negative and never equal
 * a numeric id. An empty id is -1.
 */
final class TradeIds {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private TradeIds() {
    }

    static long of(byte[] b, int start, int end) {
        if (start == end) {
            return -1;
        }
        if (end - start <= 18) {
            long v = 0;
            int i = start;
            for (; i < end; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                v = v * 10 + d;
            }
            if (i == end) {
                return v;
            }
        }
        return hash(b, start, end);
    }

    /** FNV-1a 64 of the bytes, sign bit set. */
    static long hash(byte[] b, int start, int end) {
        long h = FNV_OFFSET;
        for (int i = start; i < end; i++) {
            h ^= b[i] & 0xff;
            h *= FNV_PRIME;
        }
        return h | Long.MIN_VALUE;
    }
}

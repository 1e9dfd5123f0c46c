package io.featurizer.exchanges.bybit;

/**
 * Bybit trade ids ({@code i}) as the core's {@code long} trade id, without allocating:
 * <ul>
 *     <li>decimal ids (spot, e.g. {@code "2290000000061666327"}) are their value;</li>
 *     <li>UUIDs (linear, e.g. {@code "9dc75fca-4bdd-4773-9f78-6f5d7ab2a110"}) are the XOR of their high
 *     and low 64 bits, so {@code 00000000-0000-0000-xxxx-xxxxxxxxxxxx} is {@code 0x xxxxxxxxxxxxxxxx};</li>
 *     <li>anything else is its 64-bit FNV-1a hash.</li>
 * </ul>
 * Folding 128 bits into 64 is not injective, but two trades of one symbol colliding is a 2^-64 event.
 */
final class TradeIds {
    private TradeIds() {
    }

    static long parse(byte[] b, int start, int len) {
        if (len == 0) {
            return -1;
        }
        if (len <= 18 && allDigits(b, start, len)) {
            long v = 0;
            for (int i = 0; i < len; i++) {
                v = v * 10 + (b[start + i] - '0');
            }
            return v;
        }
        if (len == 19 && allDigits(b, start, len)) {
            long v = 0;
            boolean overflow = false;
            for (int i = 0; i < len; i++) {
                int d = b[start + i] - '0';
                if (v > (Long.MAX_VALUE - d) / 10) {
                    overflow = true;
                    break;
                }
                v = v * 10 + d;
            }
            if (!overflow) {
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
                int h = hex(b[start + i]);
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
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < len; i++) {
            h ^= b[start + i] & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** The UUID form the simulator writes on linear: {@code 00000000-0000-0000-} then the id's 16 hex digits split 4-12. */
    static String uuidOf(long id) {
        String hex = String.format("%016x", id);
        return "00000000-0000-0000-" + hex.substring(0, 4) + "-" + hex.substring(4);
    }

    private static boolean allDigits(byte[] b, int start, int len) {
        for (int i = 0; i < len; i++) {
            byte c = b[start + i];
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}

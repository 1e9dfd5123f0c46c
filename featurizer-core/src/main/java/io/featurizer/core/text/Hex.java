package io.featurizer.core.text;

/** Hexadecimal digits in ASCII bytes (trade-id UUIDs, the four digits of a JSON unicode escape). */
public final class Hex {
    private Hex() {
    }

    /** The value of one hex digit, either case; -1 when {@code c} is none. */
    public static int digit(byte c) {
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

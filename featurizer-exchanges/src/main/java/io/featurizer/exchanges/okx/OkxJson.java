package io.featurizer.exchanges.okx;

import io.featurizer.exchanges.protocol.MalformedFrameException;

import java.nio.charset.StandardCharsets;

/**
 * A pull scanner over one JSON text in a byte array, just enough for OKX's frames: objects, arrays,
 * strings (escapes skipped, decoded only on request), integers, and skipping of any value. It keeps
 * positions into the caller's bytes and allocates nothing on the normal path; malformed input ends
 * in {@link MalformedFrameException}. One instance per decoder, reused for every frame.
 */
final class OkxJson {
    private static final int MAX_DEPTH = 64;

    private byte[] b;
    private int pos;
    private int end;
    private int start;
    private boolean justOpened;

    /** Bounds of the last key read by {@link #nextField()}. */
    int keyStart, keyLen;
    /** Bounds of the last string read by {@link #readString()} (raw bytes between the quotes). */
    int strStart, strLen;
    boolean strEscaped;

    void reset(byte[] bytes, int offset, int length) {
        this.b = bytes;
        this.pos = offset;
        this.start = offset;
        this.end = offset + length;
        this.justOpened = false;
    }

    byte[] bytes() {
        return b;
    }

    int pos() {
        return pos;
    }

    void pos(int p) {
        pos = p;
        justOpened = false;
    }

    /** Skips whitespace; returns the next byte without consuming it, or -1 at the end. */
    int peek() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                pos++;
            } else {
                return c;
            }
        }
        return -1;
    }

    /** Only whitespace is left. */
    boolean atEnd() {
        return peek() < 0;
    }

    void beginObject() throws MalformedFrameException {
        if (peek() != '{') {
            throw fail("expected an object");
        }
        pos++;
        justOpened = true;
    }

    void beginArray() throws MalformedFrameException {
        if (peek() != '[') {
            throw fail("expected an array");
        }
        pos++;
        justOpened = true;
    }

    /** Reads the next member's key and colon; false (having consumed the brace) at the end of the object. */
    boolean nextField() throws MalformedFrameException {
        int c = peek();
        if (c == '}') {
            pos++;
            justOpened = false;
            return false;
        }
        if (c == ',') {
            if (justOpened) {
                throw fail("comma after '{'");
            }
            pos++;
            c = peek();
        } else if (!justOpened) {
            throw fail("expected ',' or '}'");
        }
        if (c != '"') {
            throw fail("expected a key");
        }
        justOpened = false;
        readString();
        keyStart = strStart;
        keyLen = strLen;
        if (peek() != ':') {
            throw fail("expected ':'");
        }
        pos++;
        return true;
    }

    /** Positions at the next element; false (having consumed the bracket) at the end of the array. */
    boolean nextElement() throws MalformedFrameException {
        int c = peek();
        if (c == ']') {
            pos++;
            justOpened = false;
            return false;
        }
        if (c == ',') {
            if (justOpened) {
                throw fail("comma after '['");
            }
            pos++;
            c = peek();
            if (c == ']') {
                throw fail("comma before ']'");
            }
        } else if (!justOpened) {
            throw fail("expected ',' or ']'");
        }
        if (c < 0) {
            throw fail("unterminated array");
        }
        justOpened = false;
        return true;
    }

    boolean keyIs(byte[] k) {
        return regionIs(keyStart, keyLen, k);
    }

    boolean strIs(byte[] k) {
        return regionIs(strStart, strLen, k);
    }

    boolean regionIs(int from, int len, byte[] k) {
        if (len != k.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[from + i] != k[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a string value, setting {@link #strStart}/{@link #strLen}. */
    void readString() throws MalformedFrameException {
        if (peek() != '"') {
            throw fail("expected a string");
        }
        int i = ++pos;
        boolean escaped = false;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                strStart = pos;
                strLen = i - pos;
                strEscaped = escaped;
                pos = i + 1;
                justOpened = false;
                return;
            }
            if (c == '\\') {
                escaped = true;
                i += 2;
                continue;
            }
            if (c >= 0 && c < 0x20) {
                throw fail("control character in a string");
            }
            i++;
        }
        throw fail("unterminated string");
    }

    /** Reads the value as a string if it is one; returns false and skips it when it is {@code null}. */
    boolean readStringOrNull() throws MalformedFrameException {
        if (peek() == 'n') {
            skipValue();
            return false;
        }
        readString();
        return true;
    }

    /** Reads an integer, bare ({@code 123}, {@code -1}) or quoted ({@code "1597026383085"}). */
    long readLong() throws MalformedFrameException {
        int c = peek();
        boolean quoted = c == '"';
        int i = quoted ? pos + 1 : pos;
        boolean negative = false;
        if (i < end && b[i] == '-') {
            negative = true;
            i++;
        }
        long v = 0;
        int digits = 0;
        while (i < end && b[i] >= '0' && b[i] <= '9') {
            if (++digits > 18) {
                throw fail("integer too long");
            }
            v = v * 10 + (b[i] - '0');
            i++;
        }
        if (digits == 0) {
            throw fail("expected an integer");
        }
        if (quoted) {
            if (i >= end || b[i] != '"') {
                throw fail("expected an integer string");
            }
            i++;
        } else if (i < end && !isDelimiter(b[i])) {
            throw fail("expected an integer");
        }
        pos = i;
        justOpened = false;
        return negative ? -v : v;
    }

    private static boolean isDelimiter(byte c) {
        return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** Skips one value of any kind, checking that brackets match and strings end. */
    void skipValue() throws MalformedFrameException {
        int c = peek();
        if (c == '"') {
            readString();
            return;
        }
        if (c == '{' || c == '[') {
            skipContainer();
            return;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int i = pos;
            while (i < end && !isDelimiter(b[i])) {
                byte d = b[i];
                if (!((d >= '0' && d <= '9') || d == '-' || d == '+' || d == '.' || d == 'e' || d == 'E')) {
                    throw fail("bad number");
                }
                i++;
            }
            pos = i;
            justOpened = false;
            return;
        }
        if (literal("true") || literal("false") || literal("null")) {
            justOpened = false;
            return;
        }
        throw fail(c < 0 ? "missing value" : "unexpected character");
    }

    private boolean literal(String word) {
        int n = word.length();
        if (pos + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                return false;
            }
        }
        if (pos + n < end && !isDelimiter(b[pos + n])) {
            return false;
        }
        pos += n;
        return true;
    }

    private void skipContainer() throws MalformedFrameException {
        long stack = 0; // bit d set: the container at depth d is an object
        int depth = 0;
        int i = pos;
        while (i < end) {
            byte c = b[i];
            if (c == '"') {
                i++;
                while (true) {
                    if (i >= end) {
                        throw fail("unterminated string");
                    }
                    byte s = b[i];
                    if (s == '\\') {
                        i += 2;
                    } else if (s == '"') {
                        break;
                    } else {
                        i++;
                    }
                }
            } else if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    throw fail("nested too deep");
                }
                if (c == '{') {
                    stack |= 1L << depth;
                } else {
                    stack &= ~(1L << depth);
                }
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    throw fail("unbalanced brackets");
                }
                depth--;
                boolean object = (stack & (1L << depth)) != 0;
                if (object != (c == '}')) {
                    throw fail("mismatched brackets");
                }
                if (depth == 0) {
                    pos = i + 1;
                    justOpened = false;
                    return;
                }
            }
            i++;
        }
        throw fail("unterminated " + ((stack & 1) != 0 ? "object" : "array"));
    }

    /** The last string read, with JSON escapes decoded (allocates: for error messages only). */
    String decodedString() {
        String raw = new String(b, strStart, strLen, StandardCharsets.UTF_8);
        if (!strEscaped) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) {
                sb.append(c);
                continue;
            }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'u' -> {
                    if (i + 4 < raw.length()) {
                        try {
                            sb.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16));
                            i += 4;
                        } catch (NumberFormatException ex) {
                            sb.append("\\u");
                        }
                    } else {
                        sb.append("\\u");
                    }
                }
                default -> sb.append(e); // \" \\ \/
            }
        }
        return sb.toString();
    }

    /** A short excerpt of the frame for error messages. */
    String excerpt(int from, int max) {
        int s = Math.max(start, from);
        int n = Math.min(max, end - s);
        return n <= 0 ? "" : new String(b, s, n, StandardCharsets.UTF_8);
    }

    MalformedFrameException fail(String what) {
        int at = Math.min(pos, end);
        return new MalformedFrameException("OKX: " + what + " at byte " + (at - start) + " near '" + excerpt(Math.max(start, at - 10), 30) + "'");
    }
}

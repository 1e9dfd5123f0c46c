package io.featurizer.exchanges.bybit;

import io.featurizer.core.text.Decimals;
import io.featurizer.exchanges.protocol.MalformedFrameException;

import java.nio.charset.StandardCharsets;

/**
 * A pull scanner over one JSON text in a byte array, made for venue frames: no tree, no strings,
 * nothing allocated unless a frame is malformed. Strings are reported as byte ranges of the frame
 * ({@link #strStart()}, {@link #strLength()}), compared against ASCII constants, and decimal strings
 * go through {@link Decimals#parse(byte[], int, int)} on the frame's bytes. Reused for every frame
 * of one connection; one thread.
 */
final class JsonCursor {
    private static final int EXCERPT = 160;

    private final String venue;
    private byte[] buf;
    private int begin;
    private int pos;
    private int end;
    private int strStart;
    private int strLen;
    private boolean strEscaped;

    JsonCursor(String venue) {
        this.venue = venue;
    }

    void reset(byte[] frame, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > frame.length) {
            throw new IndexOutOfBoundsException("frame range [" + offset + ", " + (offset + length) + ") outside 0.." + frame.length);
        }
        buf = frame;
        begin = offset;
        pos = offset;
        end = offset + length;
    }

    /** Skips whitespace; returns the next byte without consuming it. */
    byte peek() throws MalformedFrameException {
        skipWhitespace();
        if (pos >= end) {
            throw error("truncated JSON");
        }
        return buf[pos];
    }

    /** Skips whitespace; true when nothing else is left. */
    boolean atEnd() {
        skipWhitespace();
        return pos >= end;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = buf[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                return;
            }
        }
    }

    void expect(char c) throws MalformedFrameException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** Consumes {@code c} when it is next (after whitespace). */
    boolean consume(char c) throws MalformedFrameException {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Reads a string; its raw contents (escapes not decoded) are then {@link #strStart()}..+{@link #strLength()}. */
    void readString() throws MalformedFrameException {
        expect('"');
        int s = pos;
        boolean escaped = false;
        while (true) {
            if (pos >= end) {
                throw error("unterminated string");
            }
            byte b = buf[pos++];
            if (b == '"') {
                break;
            }
            if (b == '\\') {
                escaped = true;
                pos++;
            } else if (b >= 0 && b < 0x20) {
                throw error("control character in string");
            }
        }
        strStart = s;
        strLen = pos - 1 - s;
        strEscaped = escaped;
    }

    int strStart() {
        return strStart;
    }

    int strLength() {
        return strLen;
    }

    /** True when the last string read is exactly {@code ascii} (no escapes). */
    boolean stringIs(byte[] ascii) {
        if (strLen != ascii.length || strEscaped) {
            return false;
        }
        for (int i = 0; i < strLen; i++) {
            if (buf[strStart + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads a key and the ':' after it. */
    void readKey() throws MalformedFrameException {
        readString();
        expect(':');
    }

    /** An integer, bare ({@code 123}) or quoted ({@code "123"}). */
    long readLong() throws MalformedFrameException {
        byte b = peek();
        boolean quoted = b == '"';
        if (quoted) {
            pos++;
        }
        boolean negative = false;
        if (pos < end && buf[pos] == '-') {
            negative = true;
            pos++;
        }
        long v = 0;
        int digits = 0;
        while (pos < end) {
            byte c = buf[pos];
            if (c < '0' || c > '9') {
                break;
            }
            if (v > (Long.MAX_VALUE - 9) / 10) {
                throw error("integer out of range");
            }
            v = v * 10 + (c - '0');
            digits++;
            pos++;
        }
        if (digits == 0) {
            throw error("expected an integer");
        }
        if (quoted) {
            if (pos >= end || buf[pos] != '"') {
                throw error("expected an integer string");
            }
            pos++;
        } else if (pos < end && (buf[pos] == '.' || buf[pos] == 'e' || buf[pos] == 'E')) {
            throw error("expected an integer, found a fraction");
        }
        return negative ? -v : v;
    }

    /** A decimal, quoted ({@code "27450.00"}, the venue's form) or bare; an empty string gives NaN. */
    double readDecimal() throws MalformedFrameException {
        byte b = peek();
        int s;
        int n;
        if (b == '"') {
            readString();
            s = strStart;
            n = strLen;
            if (n == 0) {
                return Double.NaN;
            }
        } else {
            s = pos;
            while (pos < end) {
                byte c = buf[pos];
                if ((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E') {
                    pos++;
                } else {
                    break;
                }
            }
            n = pos - s;
            if (n == 0) {
                throw error("expected a number");
            }
        }
        try {
            return Decimals.parse(buf, s, s + n);
        } catch (NumberFormatException e) {
            throw error("bad decimal " + e.getMessage());
        }
    }

    boolean readBoolean() throws MalformedFrameException {
        byte b = peek();
        if (b == 't' && matchLiteral("true")) {
            return true;
        }
        if (b == 'f' && matchLiteral("false")) {
            return false;
        }
        throw error("expected true or false");
    }

    private boolean matchLiteral(String lit) {
        int n = lit.length();
        if (pos + n > end) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != lit.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    /** Skips one value of any type, checking brackets and strings. */
    void skipValue() throws MalformedFrameException {
        byte b = peek();
        if (b == '"') {
            readString();
            return;
        }
        if (b == '{' || b == '[') {
            int depth = 0;
            while (true) {
                if (pos >= end) {
                    throw error("truncated JSON");
                }
                byte c = buf[pos];
                if (c == '"') {
                    readString();
                    continue;
                }
                pos++;
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    if (--depth == 0) {
                        return;
                    }
                }
            }
        }
        int s = pos;
        while (pos < end) {
            byte c = buf[pos];
            if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '-' || c == '+') {
                pos++;
            } else {
                break;
            }
        }
        if (pos == s) {
            throw error("unexpected '" + (char) (b & 0xff) + "'");
        }
    }

    /** Decodes {@code [start, start + len)} of the frame, a string's raw contents, to a Java string (escapes decoded). Off the hot path. */
    String decode(int start, int len) {
        String raw = new String(buf, start, len, StandardCharsets.UTF_8);
        if (raw.indexOf('\\') < 0) {
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
                default -> sb.append(e);
            }
        }
        return sb.toString();
    }

    /** The frame's text, shortened, for error messages. */
    String excerpt() {
        int n = Math.min(end - begin, EXCERPT);
        String s = new String(buf, begin, n, StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' ');
        return n < end - begin ? s + "..." : s;
    }

    MalformedFrameException error(String what) {
        return new MalformedFrameException(venue + ": " + what + " at offset " + (pos - begin) + " in frame: " + excerpt());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

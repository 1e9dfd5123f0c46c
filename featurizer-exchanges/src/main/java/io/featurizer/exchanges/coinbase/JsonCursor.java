package io.featurizer.exchanges.coinbase;

import io.featurizer.core.text.Decimals;
import io.featurizer.exchanges.protocol.MalformedFrameException;

import java.nio.charset.StandardCharsets;

/**
 * A pull cursor over one JSON text in a byte array: objects and arrays are walked field by field,
 * scalars are read on demand, anything else is skipped (and still checked). Reused for every frame
 * of a connection; nothing is allocated unless the text is malformed (the exception) or a string is
 * longer than the scratch buffer (which then grows once). Strings are decoded (escapes, UTF-8) into
 * {@link #chars()}, valid until the next read. Object keys are compared as raw bytes.
 *
 * <p>Not a general JSON library: numbers are validated and copied, never converted unless asked;
 * nesting is limited to {@value #MAX_DEPTH} levels.
 */
final class JsonCursor {
    static final int MAX_DEPTH = 64;

    private byte[] b;
    private int start;
    private int pos;
    private int end;
    private final boolean[] first = new boolean[MAX_DEPTH + 1];
    private int depth;
    private int keyStart;
    private int keyLen;
    private char[] chars = new char[128];
    private int charLen;
    private int rawStart; // the last string's raw bytes, quotes excluded
    private int rawEnd;

    void reset(byte[] buf, int offset, int length) {
        this.b = buf;
        this.start = offset;
        this.pos = offset;
        this.end = offset + length;
        this.depth = 0;
    }

    /** The current byte offset (for a later {@link #seek}). */
    int position() {
        return pos;
    }

    /** Moves to an offset taken with {@link #position()} before a value, to read that value again. */
    void seek(int position) {
        pos = position;
    }

    /** Skips whitespace; returns the next byte without consuming it, or -1 at the end. */
    int peek() {
        skipWs();
        return pos < end ? b[pos] : -1;
    }

    void beginObject() throws MalformedFrameException {
        skipWs();
        expect('{', "an object");
        push();
    }

    /**
     * Moves to the next field of the current object: true with the key read (see {@link #keyIs})
     * and the cursor before its value, or false after consuming the closing brace.
     */
    boolean nextField() throws MalformedFrameException {
        skipWs();
        if (pos < end && b[pos] == '}') {
            pos++;
            depth--;
            return false;
        }
        if (!first[depth]) {
            expect(',', "',' or '}'");
            skipWs();
        }
        first[depth] = false;
        expect('"', "a field name");
        keyStart = pos;
        while (true) {
            if (pos >= end) {
                throw error("unterminated field name");
            }
            byte c = b[pos];
            if (c == '"') {
                break;
            }
            pos += c == '\\' ? 2 : 1;
        }
        keyLen = pos - keyStart;
        pos++;
        skipWs();
        expect(':', "':'");
        return true;
    }

    /** True when the last key read by {@link #nextField()} is exactly {@code key} (ASCII bytes). */
    boolean keyIs(byte[] key) {
        if (key.length != keyLen) {
            return false;
        }
        for (int i = 0; i < keyLen; i++) {
            if (b[keyStart + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    String key() {
        return new String(b, keyStart, keyLen, StandardCharsets.UTF_8);
    }

    void beginArray() throws MalformedFrameException {
        skipWs();
        expect('[', "an array");
        push();
    }

    /** True before the next element of the current array, or false after consuming the closing bracket. */
    boolean nextElement() throws MalformedFrameException {
        skipWs();
        if (pos < end && b[pos] == ']') {
            pos++;
            depth--;
            return false;
        }
        if (!first[depth]) {
            expect(',', "',' or ']'");
        }
        first[depth] = false;
        return true;
    }

    /** True (and consumed) when the next value is {@code null}. */
    boolean nextIsNull() throws MalformedFrameException {
        skipWs();
        if (pos < end && b[pos] == 'n') {
            literal("null");
            return true;
        }
        return false;
    }

    /** Reads a string value into {@link #chars()}. */
    void readString() throws MalformedFrameException {
        skipWs();
        expect('"', "a string");
        rawStart = pos;
        int n = 0;
        while (true) {
            if (pos >= end) {
                throw error("unterminated string");
            }
            int c = b[pos++] & 0xff;
            if (c == '"') {
                break;
            }
            if (n + 2 > chars.length) {
                chars = java.util.Arrays.copyOf(chars, chars.length * 2);
            }
            if (c == '\\') {
                if (pos >= end) {
                    throw error("unterminated string");
                }
                int e = b[pos++];
                switch (e) {
                    case '"', '\\', '/' -> chars[n++] = (char) e;
                    case 'b' -> chars[n++] = '\b';
                    case 'f' -> chars[n++] = '\f';
                    case 'n' -> chars[n++] = '\n';
                    case 'r' -> chars[n++] = '\r';
                    case 't' -> chars[n++] = '\t';
                    case 'u' -> {
                        if (pos + 4 > end) {
                            throw error("bad \\u escape");
                        }
                        int v = 0;
                        for (int k = 0; k < 4; k++) {
                            int h = Character.digit(b[pos++], 16);
                            if (h < 0) {
                                throw error("bad \\u escape");
                            }
                            v = v * 16 + h;
                        }
                        chars[n++] = (char) v;
                    }
                    default -> throw error("bad escape '\\" + (char) e + "'");
                }
            } else if (c < 0x20) {
                throw error("control character in string");
            } else if (c < 0x80) {
                chars[n++] = (char) c;
            } else {
                int cp;
                int more;
                if (c >= 0xf0 && c < 0xf8) {
                    cp = c & 0x07;
                    more = 3;
                } else if (c >= 0xe0) {
                    cp = c & 0x0f;
                    more = 2;
                } else if (c >= 0xc0) {
                    cp = c & 0x1f;
                    more = 1;
                } else {
                    throw error("invalid UTF-8");
                }
                for (int k = 0; k < more; k++) {
                    if (pos >= end || (b[pos] & 0xc0) != 0x80) {
                        throw error("invalid UTF-8");
                    }
                    cp = (cp << 6) | (b[pos++] & 0x3f);
                }
                if (cp > Character.MAX_CODE_POINT) {
                    throw error("invalid UTF-8");
                }
                n += Character.toChars(cp, chars, n);
            }
        }
        rawEnd = pos - 1;
        charLen = n;
    }

    /** The decoded text of the last string or number read; valid up to {@link #length()}. */
    char[] chars() {
        return chars;
    }

    int length() {
        return charLen;
    }

    /** Byte offsets of the last string's raw text (between the quotes), for error messages. */
    int rawStart() {
        return rawStart;
    }

    int rawEnd() {
        return rawEnd;
    }

    /** True when the last string read equals {@code s}. */
    boolean textIs(String s) {
        if (s.length() != charLen) {
            return false;
        }
        for (int i = 0; i < charLen; i++) {
            if (chars[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    String text() {
        return new String(chars, 0, charLen);
    }

    /** Reads a number, or a string holding one ({@code "27450.00"}), as a double. */
    double readDecimal() throws MalformedFrameException {
        readNumberText();
        return decimal();
    }

    /** Like {@link #readDecimal()}, but {@code null} and {@code ""} give NaN. */
    double readOptionalDecimal() throws MalformedFrameException {
        if (nextIsNull()) {
            return Double.NaN;
        }
        readNumberText();
        if (charLen == 0) {
            return Double.NaN;
        }
        return decimal();
    }

    /** The number just read: parsed from the frame's bytes, or from the decoded text if the string had escapes or non-ASCII. */
    private double decimal() throws MalformedFrameException {
        try {
            return rawEnd - rawStart == charLen ? Decimals.parse(b, rawStart, rawEnd) : Decimals.parse(text());
        } catch (NumberFormatException e) {
            throw error("'" + text() + "' is not a decimal number");
        }
    }

    /** Reads an integer number, or a string of decimal digits, as a long. */
    long readLong() throws MalformedFrameException {
        readNumberText();
        long v = parseLong(chars, charLen);
        if (v == Long.MIN_VALUE) {
            throw error("'" + text() + "' is not an integer");
        }
        return v;
    }

    /** The value of an optionally signed run of decimal digits, or {@link Long#MIN_VALUE}. */
    static long parseLong(char[] c, int len) {
        int i = 0;
        boolean negative = false;
        if (len > 0 && c[0] == '-') {
            negative = true;
            i = 1;
        }
        if (i == len || len - i > 18) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        for (; i < len; i++) {
            char ch = c[i];
            if (ch < '0' || ch > '9') {
                return Long.MIN_VALUE;
            }
            v = v * 10 + (ch - '0');
        }
        return negative ? -v : v;
    }

    /** Reads a JSON number's text, or a string's, into {@link #chars()}. */
    private void readNumberText() throws MalformedFrameException {
        skipWs();
        if (pos < end && b[pos] == '"') {
            readString();
            return;
        }
        int s = pos;
        scanNumber();
        int n = pos - s;
        rawStart = s;
        rawEnd = pos;
        if (n > chars.length) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        for (int i = 0; i < n; i++) {
            chars[i] = (char) b[s + i];
        }
        charLen = n;
    }

    /** Skips one value of any kind, checking its syntax. */
    void skipValue() throws MalformedFrameException {
        skipWs();
        if (pos >= end) {
            throw error("a value expected");
        }
        switch (b[pos]) {
            case '{' -> {
                beginObject();
                while (nextField()) {
                    skipValue();
                }
            }
            case '[' -> {
                beginArray();
                while (nextElement()) {
                    skipValue();
                }
            }
            case '"' -> skipString();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> scanNumber();
        }
    }

    /** Requires that only whitespace is left. */
    void expectEnd() throws MalformedFrameException {
        skipWs();
        if (pos != end) {
            throw error("unexpected text after the message");
        }
    }

    private void skipString() throws MalformedFrameException {
        expect('"', "a string");
        while (true) {
            if (pos >= end) {
                throw error("unterminated string");
            }
            byte c = b[pos++];
            if (c == '"') {
                return;
            }
            if (c == '\\') {
                pos++;
            } else if (c >= 0 && c < 0x20) {
                throw error("control character in string");
            }
        }
    }

    private void scanNumber() throws MalformedFrameException {
        int s = pos;
        if (pos < end && b[pos] == '-') {
            pos++;
        }
        int intStart = pos;
        while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
            pos++;
        }
        if (pos == intStart || (b[intStart] == '0' && pos - intStart > 1)) {
            pos = s;
            throw error("a value expected");
        }
        if (pos < end && b[pos] == '.') {
            pos++;
            int f = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            if (pos == f) {
                throw error("digits expected after '.'");
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            int e = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            if (pos == e) {
                throw error("digits expected in exponent");
            }
        }
    }

    private void literal(String word) throws MalformedFrameException {
        if (pos + word.length() > end) {
            throw error("a value expected");
        }
        for (int i = 0; i < word.length(); i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw error("a value expected");
            }
        }
        pos += word.length();
    }

    private void push() throws MalformedFrameException {
        if (depth == MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        first[++depth] = true;
    }

    private void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c, String what) throws MalformedFrameException {
        if (pos >= end || b[pos] != c) {
            throw error(what + " expected");
        }
        pos++;
    }

    /** A malformed-frame error naming the offset and showing the text around it. */
    MalformedFrameException error(String what) {
        int at = Math.min(pos, end);
        int from = Math.max(start, at - 20);
        int to = Math.min(end, at + 20);
        String near = new String(b, from, to - from, StandardCharsets.UTF_8).replace('\n', ' ');
        return new MalformedFrameException(what + " at offset " + (at - start) + " near '" + near + "'");
    }
}

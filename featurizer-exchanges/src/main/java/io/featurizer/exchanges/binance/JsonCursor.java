package io.featurizer.exchanges.binance;

import io.featurizer.core.text.Decimals;
import io.featurizer.exchanges.protocol.MalformedFrameException;

import java.nio.charset.StandardCharsets;

/**
 * A strict, allocation-free pull tokenizer over one JSON document held in a byte array (RFC 8259
 * grammar: one root value, nothing but whitespace after it). Made for venue frames: it hands out
 * field names and string values as byte ranges of the frame, so a decoder can compare names and
 * parse decimals without creating Strings. Only the error path and {@link #text()} allocate.
 *
 * <p>Not thread-safe; one instance per decoder, {@link #reset} per frame.
 */
final class JsonCursor {
    static final int END = 0, START_OBJECT = 1, END_OBJECT = 2, START_ARRAY = 3, END_ARRAY = 4, FIELD = 5, STRING = 6,
            NUMBER = 7, TRUE = 8, FALSE = 9, NULL = 10;

    private static final int MAX_DEPTH = 64;
    private static final int S_VALUE = 0, S_OBJECT_FIRST = 1, S_ARRAY_FIRST = 2, S_AFTER_VALUE = 3;

    private byte[] buf;
    private int start;
    private int pos;
    private int end;
    private final boolean[] inObject = new boolean[MAX_DEPTH];
    private int depth;
    private int state;

    private int token;
    private int tokenStart;
    private int tokenEnd;
    private boolean escaped;
    private boolean integer;

    /** Starts reading {@code bytes[offset, offset + length)}. */
    JsonCursor reset(byte[] bytes, int offset, int length) {
        this.buf = bytes;
        this.start = offset;
        this.pos = offset;
        this.end = offset + length;
        this.depth = 0;
        this.state = S_VALUE;
        this.token = END;
        return this;
    }

    /** Reads the next token; after the root value is complete returns {@link #END} (and fails on trailing data). */
    int next() throws MalformedFrameException {
        skipWhitespace();
        switch (state) {
            case S_AFTER_VALUE -> {
                if (depth == 0) {
                    if (pos < end) {
                        throw error("unexpected data after the JSON value");
                    }
                    return token = END;
                }
                if (pos >= end) {
                    throw endOfInput();
                }
                byte c = buf[pos];
                boolean object = inObject[depth - 1];
                if (c == ',') {
                    pos++;
                    skipWhitespace();
                    return object ? fieldName() : value();
                }
                if (c == '}' && object) {
                    pos++;
                    depth--;
                    return token = END_OBJECT;
                }
                if (c == ']' && !object) {
                    pos++;
                    depth--;
                    return token = END_ARRAY;
                }
                throw error(object ? "expected ',' or '}'" : "expected ',' or ']'");
            }
            case S_OBJECT_FIRST -> {
                if (pos < end && buf[pos] == '}') {
                    pos++;
                    depth--;
                    state = S_AFTER_VALUE;
                    return token = END_OBJECT;
                }
                return fieldName();
            }
            case S_ARRAY_FIRST -> {
                if (pos < end && buf[pos] == ']') {
                    pos++;
                    depth--;
                    state = S_AFTER_VALUE;
                    return token = END_ARRAY;
                }
                return value();
            }
            default -> {
                return value();
            }
        }
    }

    /** After a {@link #FIELD}: reads and discards its value, whole containers included. */
    void skipValue() throws MalformedFrameException {
        int t = next();
        if (t == START_OBJECT || t == START_ARRAY) {
            skipChildren();
        }
    }

    /** After a {@link #START_OBJECT} or {@link #START_ARRAY}: reads up to and including its matching end. */
    void skipChildren() throws MalformedFrameException {
        int target = depth - 1;
        while (depth > target) {
            if (next() == END) {
                throw endOfInput();
            }
        }
    }

    private int fieldName() throws MalformedFrameException {
        if (pos >= end) {
            throw endOfInput();
        }
        if (buf[pos] != '"') {
            throw error("expected a field name in double quotes");
        }
        readString();
        skipWhitespace();
        if (pos >= end) {
            throw endOfInput();
        }
        if (buf[pos] != ':') {
            throw error("expected ':' after a field name");
        }
        pos++;
        state = S_VALUE;
        return token = FIELD;
    }

    private int value() throws MalformedFrameException {
        if (pos >= end) {
            throw endOfInput();
        }
        byte c = buf[pos];
        switch (c) {
            case '{' -> {
                push(true);
                pos++;
                state = S_OBJECT_FIRST;
                return token = START_OBJECT;
            }
            case '[' -> {
                push(false);
                pos++;
                state = S_ARRAY_FIRST;
                return token = START_ARRAY;
            }
            case '"' -> {
                readString();
                state = S_AFTER_VALUE;
                return token = STRING;
            }
            case 't' -> {
                literal("true");
                return token = TRUE;
            }
            case 'f' -> {
                literal("false");
                return token = FALSE;
            }
            case 'n' -> {
                literal("null");
                return token = NULL;
            }
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    readNumber();
                    state = S_AFTER_VALUE;
                    return token = NUMBER;
                }
                throw error("expected a JSON value");
            }
        }
    }

    private void push(boolean object) throws MalformedFrameException {
        if (depth == MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
        inObject[depth++] = object;
    }

    private void literal(String word) throws MalformedFrameException {
        int n = word.length();
        if (end - pos < n) {
            throw endOfInput();
        }
        for (int i = 0; i < n; i++) {
            if (buf[pos + i] != word.charAt(i)) {
                throw error("expected a JSON value");
            }
        }
        tokenStart = pos;
        pos += n;
        tokenEnd = pos;
        state = S_AFTER_VALUE;
    }

    private void readString() throws MalformedFrameException {
        pos++; // opening quote
        tokenStart = pos;
        escaped = false;
        while (true) {
            if (pos >= end) {
                throw endOfInput();
            }
            byte b = buf[pos];
            if (b == '"') {
                tokenEnd = pos++;
                return;
            }
            if (b == '\\') {
                escaped = true;
                if (++pos >= end) {
                    throw endOfInput();
                }
                byte e = buf[pos];
                if (e == 'u') {
                    if (end - pos < 5) {
                        throw endOfInput();
                    }
                    for (int i = 1; i <= 4; i++) {
                        if (hex(buf[pos + i]) < 0) {
                            throw error("bad \\u escape in a string");
                        }
                    }
                    pos += 5;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    throw error("bad escape in a string");
                }
                pos++;
                continue;
            }
            if (b >= 0 && b < 0x20) {
                throw error("control character in a string");
            }
            pos++;
        }
    }

    private void readNumber() throws MalformedFrameException {
        tokenStart = pos;
        integer = true;
        if (buf[pos] == '-') {
            pos++;
        }
        if (pos < end && buf[pos] == '0') {
            pos++;
        } else if (pos < end && buf[pos] >= '1' && buf[pos] <= '9') {
            while (pos < end && isDigit(buf[pos])) {
                pos++;
            }
        } else {
            throw error("bad number");
        }
        if (pos < end && buf[pos] == '.') {
            integer = false;
            pos++;
            if (pos >= end || !isDigit(buf[pos])) {
                throw error("bad number: no digit after '.'");
            }
            while (pos < end && isDigit(buf[pos])) {
                pos++;
            }
        }
        if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
            integer = false;
            pos++;
            if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
                pos++;
            }
            if (pos >= end || !isDigit(buf[pos])) {
                throw error("bad number: no digit in the exponent");
            }
            while (pos < end && isDigit(buf[pos])) {
                pos++;
            }
        }
        tokenEnd = pos;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
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

    // ---- the current token ----

    int token() {
        return token;
    }

    /** Length in bytes of the current name, string (without quotes, escapes undecoded) or number. */
    int rawLength() {
        return tokenEnd - tokenStart;
    }

    /** Byte {@code i} of the current token's raw text. */
    byte rawByte(int i) {
        return buf[tokenStart + i];
    }

    int rawStart() {
        return tokenStart;
    }

    /** True when the current name or string holds backslash escapes. */
    boolean escaped() {
        return escaped;
    }

    /** True when the current name or string is exactly {@code ascii} (no escapes involved). */
    boolean textIs(byte[] ascii) {
        int n = tokenEnd - tokenStart;
        if (escaped || n != ascii.length) {
            return escaped && text().equals(new String(ascii, StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < n; i++) {
            if (buf[tokenStart + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** True when the current name or string ends with {@code ascii} (raw bytes). */
    boolean textEndsWith(byte[] ascii) {
        int n = tokenEnd - tokenStart;
        if (n < ascii.length) {
            return false;
        }
        int from = tokenEnd - ascii.length;
        for (int i = 0; i < ascii.length; i++) {
            if (buf[from + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** The current token's text as a String (allocates: for messages and rare paths only). */
    String text() {
        if (!escaped || (token != STRING && token != FIELD)) {
            return new String(buf, tokenStart, tokenEnd - tokenStart, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(tokenEnd - tokenStart);
        int run = tokenStart;
        int i = tokenStart;
        while (i < tokenEnd) {
            if (buf[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(buf, run, i - run, StandardCharsets.UTF_8));
            byte e = buf[i + 1];
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append((char) ((hex(buf[i + 2]) << 12) | (hex(buf[i + 3]) << 8) | (hex(buf[i + 4]) << 4) | hex(buf[i + 5])));
                default -> sb.append((char) e); // " \ /
            }
            i += e == 'u' ? 6 : 2;
            run = i;
        }
        sb.append(new String(buf, run, tokenEnd - run, StandardCharsets.UTF_8));
        return sb.toString();
    }

    /** The current {@link #NUMBER} as a long; fails for fractions, exponents and overflow. */
    long longValue() throws MalformedFrameException {
        if (token != NUMBER || !integer) {
            throw error("expected an integer");
        }
        int i = tokenStart;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        long v = 0;
        for (; i < tokenEnd; i++) {
            int d = buf[i] - '0';
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw error("integer out of range");
            }
            v = v * 10 - d; // accumulate negatively: covers Long.MIN_VALUE
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw error("integer out of range");
            }
            v = -v;
        }
        return v;
    }

    /** The current {@link #STRING} or {@link #NUMBER} as a decimal, parsed as {@link Double#parseDouble} would. */
    double decimalValue() throws MalformedFrameException {
        if (token != STRING && token != NUMBER) {
            throw error("expected a decimal string or number");
        }
        try {
            if (escaped && token == STRING) {
                return Decimals.parse(text());
            }
            return Decimals.parse(buf, tokenStart, tokenEnd);
        } catch (NumberFormatException e) {
            throw error("'" + text() + "' is not a decimal number");
        }
    }

    /** Raw text of {@code [start, start + length)} of the current buffer (allocates: for messages). */
    String textAt(int start, int length) {
        return new String(buf, start, length, StandardCharsets.UTF_8);
    }

    /** Offset of the read position from the frame's start, for messages. */
    int position() {
        return pos - start;
    }

    MalformedFrameException error(String what) {
        return new MalformedFrameException("invalid JSON at byte " + (pos - start) + ": " + what);
    }

    private MalformedFrameException endOfInput() {
        return new MalformedFrameException("invalid JSON: the frame ends at byte " + (end - start) + " inside a value");
    }
}

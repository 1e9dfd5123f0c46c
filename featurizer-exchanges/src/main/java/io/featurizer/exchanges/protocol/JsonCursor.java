package io.featurizer.exchanges.protocol;

import io.featurizer.core.text.Decimals;
import io.featurizer.core.text.Hex;

import java.nio.charset.StandardCharsets;

/**
 * The one JSON reader of every venue's frames: a strict pull cursor over one JSON text held in a
 * byte array (RFC 8259 grammar, checked against Jackson in its test). A decoder walks objects field
 * by field and arrays element by element and reads the scalars it wants; whatever it does not want
 * is skipped, and still checked. Field names and strings are byte ranges of the frame, compared
 * against ASCII constants and parsed as decimals in place, so the normal path allocates nothing;
 * only {@link #text()}, {@link #key()} and errors create Strings.
 *
 * <p>Hand-written rather than Jackson's streaming parser because the venue parse benchmark
 * (BENCHMARKS.md, "One JSON cursor") walks every venue's frames with it 1.7–2.9× as fast as with
 * Jackson, which allocates 0.9–1 KB per frame (a parser, its buffers) where this allocates nothing.
 *
 * <p>One instance per decoder, {@link #reset} per frame; not thread-safe. Strings are not checked
 * for valid UTF-8 (a venue's symbols and decimals are ASCII; {@link #text()} replaces bad bytes).
 */
public final class JsonCursor {
    public static final int MAX_DEPTH = 64;

    private static final int EXCERPT = 160;

    private final String venue; // null: the decoder adds the context
    private byte[] b;
    private int start;
    private int pos;
    private int end;
    private final boolean[] first = new boolean[MAX_DEPTH + 1]; // per open container: no member read yet
    private int depth;

    private int keyStart, keyLength;
    private boolean keyEscaped;
    private int strStart, strLength;
    private boolean strEscaped;

    public JsonCursor() {
        this.venue = null;
    }

    /** A cursor whose errors name the venue and quote the frame, for decoders that throw them as they are. */
    public JsonCursor(String venue) {
        this.venue = venue;
    }

    /** Starts reading {@code bytes[offset, offset + length)}. */
    public JsonCursor reset(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IndexOutOfBoundsException("frame range [" + offset + ", " + (offset + length) + ") outside 0.." + bytes.length);
        }
        this.b = bytes;
        this.start = offset;
        this.pos = offset;
        this.end = offset + length;
        this.depth = 0;
        return this;
    }

    // ---- structure ----

    /** Skips whitespace; returns the next byte without consuming it, or -1 at the end of the text. */
    public int peek() {
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

    /** True when only whitespace is left. */
    public boolean atEnd() {
        return peek() < 0;
    }

    /** Fails unless only whitespace is left (one root value per text). */
    public void expectEnd() throws MalformedFrameException {
        if (peek() >= 0) {
            throw syntax("unexpected data after the JSON value");
        }
    }

    public void beginObject() throws MalformedFrameException {
        if (peek() != '{') {
            throw error("expected an object");
        }
        pos++;
        push();
    }

    public void beginArray() throws MalformedFrameException {
        if (peek() != '[') {
            throw error("expected an array");
        }
        pos++;
        push();
    }

    /**
     * Moves to the next field of the current object: true with its name read (see {@link #keyIs})
     * and the cursor before its value, or false after consuming the closing brace.
     */
    public boolean nextField() throws MalformedFrameException {
        int c = peek();
        if (c == '}') {
            pos++;
            depth--;
            return false;
        }
        if (!first[depth]) {
            if (c != ',') {
                throw c < 0 ? endOfInput() : syntax("expected ',' or '}'");
            }
            pos++;
            c = peek();
        }
        first[depth] = false;
        if (c != '"') {
            throw c < 0 ? endOfInput() : syntax("expected a field name in double quotes");
        }
        scanString();
        keyStart = strStart;
        keyLength = strLength;
        keyEscaped = strEscaped;
        if (peek() != ':') {
            throw syntax("expected ':' after a field name");
        }
        pos++;
        return true;
    }

    /** True before the next element of the current array, or false after consuming the closing bracket. */
    public boolean nextElement() throws MalformedFrameException {
        int c = peek();
        if (c == ']') {
            pos++;
            depth--;
            return false;
        }
        if (!first[depth]) {
            if (c != ',') {
                throw c < 0 ? endOfInput() : syntax("expected ',' or ']'");
            }
            pos++;
        }
        first[depth] = false;
        return true;
    }

    /** The byte offset in the buffer, to come back to a value with {@link #seek} or to quote the frame. */
    public int position() {
        return pos;
    }

    /** Moves to an offset taken with {@link #position()} at the same nesting, e.g. to read a skipped value after all. */
    public void seek(int position) {
        pos = position;
    }

    // ---- field names ----

    /** True when the last field name is exactly {@code ascii}. */
    public boolean keyIs(byte[] ascii) {
        return regionIs(keyStart, keyLength, keyEscaped, ascii);
    }

    /** Length in raw bytes of the last field name (escapes undecoded). */
    public int keyLength() {
        return keyLength;
    }

    /** True when the last field name holds backslash escapes. */
    public boolean keyEscaped() {
        return keyEscaped;
    }

    /** Raw byte {@code i} of the last field name. */
    public byte keyByte(int i) {
        return b[keyStart + i];
    }

    /** The last field name, decoded (allocates: for messages). */
    public String key() {
        return decode(keyStart, keyLength, keyEscaped);
    }

    // ---- scalars ----

    /** Reads a string value; then see {@link #stringIs}, {@link #text()}, {@link #stringStart()}. */
    public void readString() throws MalformedFrameException {
        int c = peek();
        if (c != '"') {
            throw c < 0 ? endOfInput() : error("expected a string");
        }
        scanString();
    }

    /** Reads a string, or consumes {@code null} and returns false. */
    public boolean readStringOrNull() throws MalformedFrameException {
        if (nextIsNull()) {
            return false;
        }
        readString();
        return true;
    }

    /** True (and consumed) when the next value is {@code null}. */
    public boolean nextIsNull() throws MalformedFrameException {
        if (peek() == 'n') {
            literal("null");
            return true;
        }
        return false;
    }

    public boolean readBoolean() throws MalformedFrameException {
        int c = peek();
        if (c == 't') {
            literal("true");
            return true;
        }
        if (c == 'f') {
            literal("false");
            return false;
        }
        throw c < 0 ? endOfInput() : error("expected true or false");
    }

    /** An integer, bare ({@code 123}) or quoted ({@code "1597026383085"}); fractions, exponents and overflow fail. */
    public long readLong() throws MalformedFrameException {
        int c = peek();
        int from;
        int to;
        if (c == '"') {
            scanString();
            from = strStart;
            to = strStart + strLength;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            from = pos;
            if (!scanNumber()) {
                throw error("expected an integer, got " + textAt(from, pos - from));
            }
            to = pos;
        } else {
            throw c < 0 ? endOfInput() : error("expected an integer");
        }
        return parseLong(from, to);
    }

    /** A decimal number or decimal string, parsed as {@link Double#parseDouble} would. */
    public double readDecimal() throws MalformedFrameException {
        int c = peek();
        if (c == '"') {
            scanString();
            try {
                return strEscaped ? Decimals.parse(text()) : Decimals.parse(b, strStart, strStart + strLength);
            } catch (NumberFormatException e) {
                throw error("'" + text() + "' is not a decimal number");
            }
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            int from = pos;
            scanNumber();
            return Decimals.parse(b, from, pos);
        }
        throw c < 0 ? endOfInput() : error("expected a decimal string or number");
    }

    /** Like {@link #readDecimal()}, but {@code null} and {@code ""} give NaN (no value). */
    public double readOptionalDecimal() throws MalformedFrameException {
        if (nextIsNull()) {
            return Double.NaN;
        }
        if (peek() == '"' && pos + 1 < end && b[pos + 1] == '"') {
            pos += 2;
            strStart = pos - 1;
            strLength = 0;
            strEscaped = false;
            return Double.NaN;
        }
        return readDecimal();
    }

    /** Skips one value of any kind, checking its syntax. */
    public void skipValue() throws MalformedFrameException {
        int c = peek();
        switch (c) {
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
            case '"' -> scanString();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            case -1 -> throw endOfInput();
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    scanNumber();
                } else {
                    throw syntax("expected a JSON value");
                }
            }
        }
    }

    // ---- the last string ----

    /** True when the last string read is exactly {@code ascii}. */
    public boolean stringIs(byte[] ascii) {
        return regionIs(strStart, strLength, strEscaped, ascii);
    }

    /** True when the last string's raw bytes end with {@code ascii}. */
    public boolean stringEndsWith(byte[] ascii) {
        if (strLength < ascii.length) {
            return false;
        }
        int from = strStart + strLength - ascii.length;
        for (int i = 0; i < ascii.length; i++) {
            if (b[from + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    /** Buffer offset of the last string's raw bytes (quotes excluded, escapes undecoded). */
    public int stringStart() {
        return strStart;
    }

    public int stringLength() {
        return strLength;
    }

    public boolean stringEscaped() {
        return strEscaped;
    }

    /** The last string read, escapes decoded (allocates: for messages and rare paths). */
    public String text() {
        return decode(strStart, strLength, strEscaped);
    }

    /** The buffer's text at {@code [from, from + length)}, e.g. a string kept by its offsets, escapes decoded (allocates). */
    public String textAt(int from, int length) {
        return decode(from, length, true);
    }

    /** The whole buffer this cursor reads. */
    public byte[] bytes() {
        return b;
    }

    /**
     * An error naming the byte offset in the frame; a cursor made with a venue's name also starts
     * with that name and quotes the frame, so its decoder can throw it as it is.
     */
    public MalformedFrameException error(String what) {
        String at = what + " at byte " + (Math.min(pos, end) - start);
        if (venue == null) {
            return new MalformedFrameException(at);
        }
        int n = Math.min(end - start, EXCERPT);
        String frame = new String(b, start, n, StandardCharsets.UTF_8).replace('\n', ' ').replace('\r', ' ');
        return new MalformedFrameException(venue + ": " + at + " in frame: " + frame + (n < end - start ? "..." : ""));
    }

    private MalformedFrameException syntax(String what) {
        return error("invalid JSON: " + what);
    }

    /** Up to {@code max} bytes of the frame from buffer offset {@code from}, for messages. */
    public String excerpt(int from, int max) {
        int s = Math.max(start, from);
        int n = Math.min(max, end - s);
        return n <= 0 ? "" : textAt(s, n);
    }

    /** Bytes as ASCII, for the constants decoders compare names and strings with. */
    public static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    // ---- scanning ----

    private void push() throws MalformedFrameException {
        if (depth == MAX_DEPTH) {
            throw syntax("nested deeper than " + MAX_DEPTH + " levels");
        }
        first[++depth] = true;
    }

    private void scanString() throws MalformedFrameException {
        int i = ++pos; // opening quote
        boolean escaped = false;
        while (true) {
            if (i >= end) {
                pos = i;
                throw endOfInput();
            }
            byte c = b[i];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                escaped = true;
                if (i + 1 >= end) {
                    pos = i;
                    throw endOfInput();
                }
                byte e = b[i + 1];
                if (e == 'u') {
                    if (end - i < 6) {
                        pos = i;
                        throw endOfInput();
                    }
                    for (int k = 2; k < 6; k++) {
                        if (Hex.digit(b[i + k]) < 0) {
                            pos = i;
                            throw syntax("bad \\u escape in a string");
                        }
                    }
                    i += 6;
                    continue;
                }
                if (e != '"' && e != '\\' && e != '/' && e != 'b' && e != 'f' && e != 'n' && e != 'r' && e != 't') {
                    pos = i;
                    throw syntax("bad escape in a string");
                }
                i += 2;
                continue;
            }
            if (c >= 0 && c < 0x20) {
                pos = i;
                throw syntax("control character in a string");
            }
            i++;
        }
        strStart = pos;
        strLength = i - pos;
        strEscaped = escaped;
        pos = i + 1;
    }

    /** Scans a number by RFC 8259's grammar; true when it is an integer (no fraction, no exponent). */
    private boolean scanNumber() throws MalformedFrameException {
        boolean integer = true;
        if (b[pos] == '-') {
            pos++;
        }
        if (pos < end && b[pos] == '0') {
            pos++;
        } else if (pos < end && b[pos] >= '1' && b[pos] <= '9') {
            while (pos < end && isDigit(b[pos])) {
                pos++;
            }
        } else {
            throw syntax("bad number");
        }
        if (pos < end && b[pos] == '.') {
            integer = false;
            pos++;
            if (pos >= end || !isDigit(b[pos])) {
                throw syntax("bad number: no digit after '.'");
            }
            while (pos < end && isDigit(b[pos])) {
                pos++;
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            integer = false;
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            if (pos >= end || !isDigit(b[pos])) {
                throw syntax("bad number: no digit in the exponent");
            }
            while (pos < end && isDigit(b[pos])) {
                pos++;
            }
        }
        return integer;
    }

    private long parseLong(int from, int to) throws MalformedFrameException {
        int i = from;
        boolean negative = i < to && b[i] == '-';
        if (negative) {
            i++;
        }
        if (i == to) {
            throw error("expected an integer, got '" + textAt(from, to - from) + "'");
        }
        long v = 0;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw error("expected an integer, got '" + textAt(from, to - from) + "'");
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw error("integer out of range: " + textAt(from, to - from));
            }
            v = v * 10 - d; // accumulated negatively: covers Long.MIN_VALUE
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw error("integer out of range: " + textAt(from, to - from));
            }
            v = -v;
        }
        return v;
    }

    private void literal(String word) throws MalformedFrameException {
        int n = word.length();
        for (int i = 0; i < n; i++) {
            if (pos + i >= end) {
                throw endOfInput();
            }
            if (b[pos + i] != word.charAt(i)) {
                throw syntax("expected a JSON value");
            }
        }
        pos += n;
    }

    /** True when the raw bytes at buffer offset {@code [from, from + length)} are exactly {@code ascii}. */
    public boolean regionIs(int from, int length, byte[] ascii) {
        return regionIs(from, length, false, ascii);
    }

    private boolean regionIs(int from, int length, boolean escaped, byte[] ascii) {
        if (escaped) {
            return decode(from, length, true).equals(new String(ascii, StandardCharsets.US_ASCII));
        }
        if (length != ascii.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (b[from + i] != ascii[i]) {
                return false;
            }
        }
        return true;
    }

    private String decode(int from, int length, boolean escaped) {
        int to = from + length;
        if (!escaped) {
            return new String(b, from, length, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(length);
        int run = from;
        int i = from;
        while (i < to) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            sb.append(new String(b, run, i - run, StandardCharsets.UTF_8));
            byte e = b[i + 1];
            switch (e) {
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append((char) ((Hex.digit(b[i + 2]) << 12) | (Hex.digit(b[i + 3]) << 8) | (Hex.digit(b[i + 4]) << 4) | Hex.digit(b[i + 5])));
                default -> sb.append((char) e); // " \ /
            }
            i += e == 'u' ? 6 : 2;
            run = i;
        }
        sb.append(new String(b, run, to - run, StandardCharsets.UTF_8));
        return sb.toString();
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }


    private MalformedFrameException endOfInput() {
        pos = end;
        return syntax("the frame ends inside a value");
    }
}

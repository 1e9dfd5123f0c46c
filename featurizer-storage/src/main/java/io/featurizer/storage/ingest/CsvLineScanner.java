package io.featurizer.storage.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines and each line into fields at a one-byte separator, without copying or
 * allocating per line: a field is a range {@code [start(i), end(i))} of {@link #buffer()}, valid until
 * the next {@link #next()}. The scan tests eight bytes at a time for separators and newlines (SWAR).
 * Lines end at {@code \n} (a preceding {@code \r} is dropped); blank lines are
 * skipped but counted. Quoting is not supported: the vendor formats read here never quote.
 */
final class CsvLineScanner {
    private static final int INITIAL_BUFFER = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long NEWLINES = ONES * '\n';

    private final InputStream in;
    private final byte separator;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int limit;
    private boolean eof;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int count;
    private long line;

    CsvLineScanner(InputStream in, char separator) {
        this.in = in;
        this.separator = (byte) separator;
    }

    /** Moves to the next non-blank line; false at the end of the stream. */
    boolean next() throws IOException {
        while (true) {
            int r = scanLine();
            if (r > 0) {
                return true;
            }
            if (r < 0) {
                return false;
            }
            // r == 0: a blank line, already counted
        }
    }

    /** 1 = a line was read, 0 = a blank line, -1 = end of stream. */
    private int scanLine() throws IOException {
        while (true) {
            byte[] b = buf;
            byte sep = separator;
            int i = pos;
            int lim = limit;
            int n = 0;
            int fieldStart = i;
            // eight bytes at a time: a mask of the separator and newline bytes in each word
            long sepPattern = ONES * (sep & 0xff);
            while (i + 8 <= lim) {
                long w = (long) LONGS.get(b, i);
                long newlines = zeroBytes(w ^ NEWLINES);
                long hits = zeroBytes(w ^ sepPattern) | newlines;
                while (hits != 0) {
                    long lowest = hits & -hits;
                    int at = i + (Long.numberOfTrailingZeros(hits) >>> 3);
                    if ((newlines & lowest) != 0) {
                        return endLine(n, fieldStart, at, at + 1);
                    }
                    if (n == starts.length - 1) {
                        growFields();
                    }
                    starts[n] = fieldStart;
                    ends[n++] = at;
                    fieldStart = at + 1;
                    hits ^= lowest;
                }
                i += 8;
            }
            while (i < lim) {
                byte c = b[i];
                if (c == sep) {
                    if (n == starts.length - 1) {
                        growFields();
                    }
                    starts[n] = fieldStart;
                    ends[n++] = i;
                    fieldStart = i + 1;
                } else if (c == '\n') {
                    return endLine(n, fieldStart, i, i + 1);
                }
                i++;
            }
            if (eof) {
                if (pos == lim) {
                    return -1;
                }
                return endLine(n, fieldStart, lim, lim);
            }
            fill();
        }
    }

    /** 0x80 in each byte of {@code x} that is zero, nothing elsewhere (exact: no borrow between bytes). */
    private static long zeroBytes(long x) {
        long t = (x & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL;
        return ~(t | x | 0x7F7F7F7F7F7F7F7FL);
    }

    private int endLine(int n, int fieldStart, int lineEnd, int nextPos) {
        line++;
        int end = lineEnd;
        if (end > fieldStart && buf[end - 1] == '\r') {
            end--;
        }
        boolean blank = n == 0 && end == pos;
        starts[n] = fieldStart;
        ends[n++] = end;
        count = n;
        pos = nextPos;
        return blank ? 0 : 1;
    }

    /** Keeps the unfinished line, then reads more after it (growing the buffer for a line longer than it). */
    private void fill() throws IOException {
        int keep = limit - pos;
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, keep);
        } else if (keep == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        pos = 0;
        limit = keep;
        int r = in.read(buf, limit, buf.length - limit);
        if (r < 0) {
            eof = true;
        } else {
            limit += r;
        }
    }

    private void growFields() {
        starts = Arrays.copyOf(starts, starts.length * 2);
        ends = Arrays.copyOf(ends, ends.length * 2);
    }

    /** The current line's number, 1-based (blank lines count). */
    long line() {
        return line;
    }

    int fieldCount() {
        return count;
    }

    byte[] buffer() {
        return buf;
    }

    int start(int field) {
        return starts[field];
    }

    int end(int field) {
        return ends[field];
    }

    boolean isEmpty(int field) {
        return starts[field] == ends[field];
    }

    /** True when the field's bytes equal {@code literal}. */
    boolean is(int field, byte[] literal) {
        return equalTo(field, literal, literal.length);
    }

    /** True when the field's bytes equal {@code other[0, length)}; false for a negative length. */
    boolean equalTo(int field, byte[] other, int length) {
        int s = starts[field];
        if (ends[field] - s != length) {
            return false;
        }
        byte[] b = buf;
        if (length >= 8) { // short cells: whole words, the last one overlapping
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                if ((long) LONGS.get(b, s + i) != (long) LONGS.get(other, i)) {
                    return false;
                }
            }
            return i == length || (long) LONGS.get(b, s + length - 8) == (long) LONGS.get(other, length - 8);
        }
        for (int i = 0; i < length; i++) {
            if (b[s + i] != other[i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies the field's bytes into {@code to} (grown if needed); returns the array holding them. */
    byte[] copy(int field, byte[] to) {
        int s = starts[field];
        int n = ends[field] - s;
        byte[] t = to.length >= n ? to : new byte[Math.max(n, to.length * 2)];
        System.arraycopy(buf, s, t, 0, n);
        return t;
    }

    /** Length of the field in bytes. */
    int length(int field) {
        return ends[field] - starts[field];
    }

    /** The field as text (allocates: for headers, names and messages, not per row). */
    String text(int field) {
        return new String(buf, starts[field], ends[field] - starts[field], StandardCharsets.UTF_8);
    }

    /** All fields of the line as text. */
    String[] texts() {
        String[] t = new String[count];
        for (int i = 0; i < count; i++) {
            t[i] = text(i);
        }
        return t;
    }
}

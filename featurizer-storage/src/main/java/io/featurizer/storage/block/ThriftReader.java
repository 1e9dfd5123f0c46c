package io.featurizer.storage.block;

import java.nio.charset.StandardCharsets;

/**
 * A Thrift compact-protocol decoder over a byte range, for Parquet's footer and page headers. Every
 * length is checked against the bytes left, so a corrupt file fails with a
 * {@link ParquetFormatException} naming the offset instead of a huge allocation or a wild read.
 * Usage: {@link #begin()} a struct, loop on {@link #nextField()}, read or {@link #skip} each field.
 */
final class ThriftReader {
    private static final int MAX_DEPTH = 32;

    private final byte[] buf;
    private int pos;
    private final int limit;
    private final int[] lastField = new int[MAX_DEPTH + 1];
    private int depth;
    /** The field (id and compact type) {@link #nextField()} moved to. */
    int fieldId, fieldType;
    /** The element type of the last {@link #list()} header. */
    int elementType;

    ThriftReader(byte[] buf, int from, int limit) {
        this.buf = buf;
        this.pos = from;
        this.limit = limit;
    }

    int position() {
        return pos;
    }

    /** Enters a struct (the message itself, a struct field or a struct list element). */
    void begin() {
        if (depth == MAX_DEPTH) {
            throw fail("structs nested deeper than " + MAX_DEPTH);
        }
        lastField[++depth] = 0;
    }

    /** Moves to the next field of the current struct; false (and leaves the struct) at its stop byte. */
    boolean nextField() {
        int b = u8();
        if (b == 0) {
            depth--;
            return false;
        }
        int delta = b >>> 4;
        fieldType = b & 0x0F;
        fieldId = delta != 0 ? lastField[depth] + delta : (short) unzigzag(varint());
        lastField[depth] = fieldId;
        return true;
    }

    boolean bool() {
        return fieldType == ThriftWriter.BOOL_TRUE;
    }

    int i8() {
        expect(ThriftWriter.I8, "i8");
        return (byte) u8();
    }

    int i32() {
        expect(ThriftWriter.I32, "i32");
        return (int) unzigzag(varint());
    }

    long i64() {
        expect(ThriftWriter.I64, "i64");
        return unzigzag(varint());
    }

    byte[] binary() {
        expect(ThriftWriter.BINARY, "binary");
        return binaryValue();
    }

    String string() {
        return new String(binary(), StandardCharsets.UTF_8);
    }

    /** Reads a list field's header: returns its size, sets {@link #elementType}. */
    int list() {
        expect(ThriftWriter.LIST, "list");
        return listHeader();
    }

    int i32Value() {
        return (int) unzigzag(varint());
    }

    String stringValue() {
        return new String(binaryValue(), StandardCharsets.UTF_8);
    }

    /** Skips the current field's value. */
    void skip() {
        skip(fieldType, 0);
    }

    private void skip(int type, int nesting) {
        if (nesting > MAX_DEPTH) {
            throw fail("values nested deeper than " + MAX_DEPTH);
        }
        switch (type) {
            case ThriftWriter.BOOL_TRUE, ThriftWriter.BOOL_FALSE -> {
                // a field's boolean is in its type nibble; skipping one as a list element reads its byte
                if (nesting > 0) {
                    u8();
                }
            }
            case ThriftWriter.I8 -> u8();
            case 4, ThriftWriter.I32, ThriftWriter.I64 -> varint(); // i16, i32, i64
            case 7 -> advance(8); // double
            case ThriftWriter.BINARY -> advance(length());
            case ThriftWriter.LIST, 10 -> { // list, set
                int n = listHeader();
                int et = elementType;
                for (int i = 0; i < n; i++) {
                    skip(et, nesting + 1);
                }
            }
            case 11 -> { // map
                int n = length();
                if (n > 0) {
                    int kv = u8();
                    for (int i = 0; i < n; i++) {
                        skip(kv >>> 4, nesting + 1);
                        skip(kv & 0x0F, nesting + 1);
                    }
                }
            }
            case ThriftWriter.STRUCT -> {
                begin();
                while (nextField()) {
                    skip(fieldType, nesting + 1);
                }
            }
            default -> throw fail("unknown Thrift type " + type);
        }
    }

    private int listHeader() {
        int b = u8();
        elementType = b & 0x0F;
        int n = b >>> 4;
        if (n == 15) {
            n = length();
        }
        if (n > limit - pos) { // every element takes at least a byte (booleans in lists too)
            throw fail("list of " + n + " elements in " + (limit - pos) + " bytes");
        }
        return n;
    }

    private byte[] binaryValue() {
        int n = length();
        byte[] v = new byte[n];
        System.arraycopy(buf, pos, v, 0, n);
        pos += n;
        return v;
    }

    /** A non-negative length that fits in the bytes left. */
    private int length() {
        long n = varint();
        if (n < 0 || n > limit - pos) {
            throw fail("length " + n + " exceeds the " + (limit - pos) + " bytes left");
        }
        return (int) n;
    }

    private void advance(int n) {
        if (n > limit - pos) {
            throw fail("value of " + n + " bytes exceeds the " + (limit - pos) + " bytes left");
        }
        pos += n;
    }

    private void expect(int type, String name) {
        if (fieldType != type) {
            throw fail("field " + fieldId + " has Thrift type " + fieldType + ", expected " + name);
        }
    }

    private int u8() {
        if (pos >= limit) {
            throw fail("unexpected end of Thrift data");
        }
        return buf[pos++] & 0xFF;
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw fail("varint longer than 10 bytes");
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    ParquetFormatException fail(String what) {
        return new ParquetFormatException("Thrift at byte " + pos + ": " + what);
    }
}

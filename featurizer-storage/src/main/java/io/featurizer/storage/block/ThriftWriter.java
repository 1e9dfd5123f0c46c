package io.featurizer.storage.block;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A Thrift compact-protocol encoder, just what Parquet's footer and page headers need: structs,
 * i32/i64 (zigzag varints), booleans, binaries and lists of structs, strings or i32s. Fields are
 * written in increasing id order within a struct (the delta header relies on it). Reused: call
 * {@link #reset()} before each message.
 */
final class ThriftWriter {
    static final int BOOL_TRUE = 1, BOOL_FALSE = 2, I8 = 3, I32 = 5, I64 = 6, BINARY = 8, LIST = 9, STRUCT = 12;

    private byte[] buf = new byte[256];
    private int size;
    private int[] lastField = new int[16];
    private int depth;

    void reset() {
        size = 0;
        depth = 0;
        lastField[0] = 0;
    }

    byte[] buffer() {
        return buf;
    }

    int size() {
        return size;
    }

    private void fieldHeader(int id, int type) {
        int delta = id - lastField[depth];
        if (delta > 0 && delta <= 15) {
            put((delta << 4) | type);
        } else {
            put(type);
            varint(zigzag(id));
        }
        lastField[depth] = id;
    }

    ThriftWriter i32(int id, int v) {
        fieldHeader(id, I32);
        varint(zigzag(v));
        return this;
    }

    ThriftWriter i64(int id, long v) {
        fieldHeader(id, I64);
        varint(zigzag(v));
        return this;
    }

    /** An i8 field: the compact protocol writes a byte as itself, not as a varint. */
    ThriftWriter i8(int id, int v) {
        fieldHeader(id, I8);
        put(v);
        return this;
    }

    ThriftWriter bool(int id, boolean v) {
        fieldHeader(id, v ? BOOL_TRUE : BOOL_FALSE);
        return this;
    }

    ThriftWriter binary(int id, byte[] v) {
        fieldHeader(id, BINARY);
        binaryValue(v);
        return this;
    }

    ThriftWriter string(int id, String v) {
        return binary(id, v.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens a struct-valued field; close it with {@link #end()}. */
    ThriftWriter struct(int id) {
        fieldHeader(id, STRUCT);
        return begin();
    }

    /** Opens a struct that is a list element (no field header); close it with {@link #end()}. */
    ThriftWriter begin() {
        if (++depth == lastField.length) {
            lastField = Arrays.copyOf(lastField, depth * 2);
        }
        lastField[depth] = 0;
        return this;
    }

    /** Writes the stop byte of the innermost open struct. */
    ThriftWriter end() {
        put(0);
        depth--;
        return this;
    }

    /** A list field header; then write {@code n} elements of {@code elementType} (structs with begin/end). */
    ThriftWriter list(int id, int elementType, int n) {
        fieldHeader(id, LIST);
        if (n < 15) {
            put((n << 4) | elementType);
        } else {
            put(0xF0 | elementType);
            varint(n);
        }
        return this;
    }

    /** A list element of type i32. */
    ThriftWriter i32Value(int v) {
        varint(zigzag(v));
        return this;
    }

    /** A list element of type binary (a string). */
    ThriftWriter stringValue(String v) {
        binaryValue(v.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    private void binaryValue(byte[] v) {
        varint(v.length);
        ensure(v.length);
        System.arraycopy(v, 0, buf, size, v.length);
        size += v.length;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    private void put(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + n, buf.length * 2));
        }
    }
}

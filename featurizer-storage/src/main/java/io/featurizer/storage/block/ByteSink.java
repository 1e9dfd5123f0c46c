package io.featurizer.storage.block;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** A growable little-endian byte buffer, reused for page bodies. */
final class ByteSink {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    byte[] buf;
    int size;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    void reset() {
        size = 0;
    }

    void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length + (buf.length >> 1)));
        }
    }

    void put(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void putIntLE(int v) {
        ensure(4);
        INTS.set(buf, size, v);
        size += 4;
    }

    /** Overwrites 4 bytes at {@code at} (a length written after its content). */
    void setIntLE(int at, int v) {
        INTS.set(buf, at, v);
    }

    void putLongLE(long v) {
        ensure(8);
        LONGS.set(buf, size, v);
        size += 8;
    }

    void putLongs(long[] v, int from, int n) {
        ensure(n * 8);
        int p = size;
        for (int i = from; i < from + n; i++, p += 8) {
            LONGS.set(buf, p, v[i]);
        }
        size = p;
    }

    /** Doubles as their raw IEEE bits (NaN payloads and -0.0 kept). */
    void putDoubles(double[] v, int from, int n) {
        ensure(n * 8);
        int p = size;
        for (int i = from; i < from + n; i++, p += 8) {
            LONGS.set(buf, p, Double.doubleToRawLongBits(v[i]));
        }
        size = p;
    }

    void putVarint(int v) {
        ensure(5);
        while ((v & ~0x7F) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void write(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, size, n);
        size += n;
    }
}

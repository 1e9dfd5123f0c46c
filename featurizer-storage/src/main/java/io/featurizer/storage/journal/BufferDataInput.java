package io.featurizer.storage.journal;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link DataInput} reading from a ByteBuffer's position, as {@link DataInputStream} would. Reading
 * past the limit throws {@link java.nio.BufferUnderflowException}, which the reader reports as a frame
 * whose payload is shorter than its event.
 */
final class BufferDataInput implements DataInput {
    private final ByteBuffer buf;

    BufferDataInput(ByteBuffer buf) {
        this.buf = buf;
    }

    @Override
    public void readFully(byte[] b) {
        buf.get(b);
    }

    @Override
    public void readFully(byte[] b, int off, int len) {
        buf.get(b, off, len);
    }

    @Override
    public int skipBytes(int n) {
        int k = Math.max(0, Math.min(n, buf.remaining()));
        buf.position(buf.position() + k);
        return k;
    }

    @Override
    public boolean readBoolean() {
        return buf.get() != 0;
    }

    @Override
    public byte readByte() {
        return buf.get();
    }

    @Override
    public int readUnsignedByte() {
        return buf.get() & 0xFF;
    }

    @Override
    public short readShort() {
        return buf.getShort();
    }

    @Override
    public int readUnsignedShort() {
        return buf.getShort() & 0xFFFF;
    }

    @Override
    public char readChar() {
        return buf.getChar();
    }

    @Override
    public int readInt() {
        return buf.getInt();
    }

    @Override
    public long readLong() {
        return buf.getLong();
    }

    @Override
    public float readFloat() {
        return buf.getFloat();
    }

    @Override
    public double readDouble() {
        return buf.getDouble();
    }

    @Override
    public String readLine() {
        throw new UnsupportedOperationException("journal payloads have no text lines");
    }

    @Override
    public String readUTF() throws IOException {
        return DataInputStream.readUTF(this);
    }
}

package io.featurizer.storage.journal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link DataOutput} that writes at a ByteBuffer's position, byte for byte as
 * {@link DataOutputStream} would. Writing past the limit throws {@link java.nio.BufferOverflowException}
 * without writing the value, which the segment writer turns into a roll.
 */
final class BufferDataOutput implements DataOutput {
    private final ByteBuffer buf;

    BufferDataOutput(ByteBuffer buf) {
        this.buf = buf;
    }

    @Override
    public void write(int b) {
        buf.put((byte) b);
    }

    @Override
    public void write(byte[] b) {
        buf.put(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        buf.put(b, off, len);
    }

    @Override
    public void writeBoolean(boolean v) {
        buf.put(v ? (byte) 1 : (byte) 0);
    }

    @Override
    public void writeByte(int v) {
        buf.put((byte) v);
    }

    @Override
    public void writeShort(int v) {
        buf.putShort((short) v);
    }

    @Override
    public void writeChar(int v) {
        buf.putChar((char) v);
    }

    @Override
    public void writeInt(int v) {
        buf.putInt(v);
    }

    @Override
    public void writeLong(long v) {
        buf.putLong(v);
    }

    @Override
    public void writeFloat(float v) {
        buf.putFloat(v);
    }

    @Override
    public void writeDouble(double v) {
        buf.putDouble(v);
    }

    @Override
    public void writeBytes(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf.put((byte) s.charAt(i));
        }
    }

    @Override
    public void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            buf.putChar(s.charAt(i));
        }
    }

    /** Modified UTF-8 as DataOutputStream writes it; used for definitions only, so it may allocate. */
    @Override
    public void writeUTF(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length() + 2);
        new DataOutputStream(bytes).writeUTF(s);
        buf.put(bytes.toByteArray());
    }
}

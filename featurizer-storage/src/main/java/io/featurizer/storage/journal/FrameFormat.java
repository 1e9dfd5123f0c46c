package io.featurizer.storage.journal;

/**
 * The on-disk layout, big-endian.
 *
 * <pre>
 * segment := header frame*
 * header  := magic:int32 "FZJL", version:int32, firstSequence:int64              (16 bytes)
 * frame   := length:int32, crc:int32, body                                         (length = body bytes)
 * body    := type:int8, streamId:int32, sequence:int64, payload                    (crc = CRC32C(body))
 * </pre>
 *
 * An EVENT payload is {@code Event.write(DataOutput)}; a DEFINITION payload is the stream's key and
 * schema ({@link SchemaCodec}) and carries the sequence the next event will get. The writer stores the
 * length last, so an unfinished frame reads as length 0 or a bad CRC. An active segment is preallocated
 * with zeros; zeros after the last frame are padding, not data.
 */
final class FrameFormat {
    static final int MAGIC = 0x465A4A4C;
    static final int VERSION = 1;
    static final int SEGMENT_HEADER = 16;
    static final int FRAME_HEADER = 8;
    /** type + stream id + sequence. */
    static final int BODY_FIXED = 13;
    static final int MIN_FRAME = FRAME_HEADER + BODY_FIXED;
    static final int OFF_CRC = 4, OFF_TYPE = 8, OFF_STREAM = 9, OFF_SEQUENCE = 13, OFF_PAYLOAD = 21;
    static final byte DEFINITION = 1, EVENT = 2;

    private FrameFormat() {
    }
}

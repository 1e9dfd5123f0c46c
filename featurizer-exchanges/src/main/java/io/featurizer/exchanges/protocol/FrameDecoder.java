package io.featurizer.exchanges.protocol;

/**
 * Reads one connection's text frames. One instance per connection, used by one thread; it may keep
 * per-connection state (a venue-wide sequence number, symbol mappings).
 */
public interface FrameDecoder {
    /**
     * Decodes one frame and reports what it holds to the sink.
     *
     * @param frame     the frame's UTF-8 bytes, {@code [offset, offset + length)}
     * @param receiptTs when the frame arrived, ns since the epoch
     * @throws MalformedFrameException when the frame is not valid for this venue; the caller logs and
     *                                 counts it, and carries on
     */
    void decode(byte[] frame, int offset, int length, long receiptTs, FrameSink sink) throws MalformedFrameException;
}

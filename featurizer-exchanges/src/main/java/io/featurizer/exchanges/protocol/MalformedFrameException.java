package io.featurizer.exchanges.protocol;

/** A frame that is not JSON, or not the shape the venue documents. Counted, never fatal. */
public class MalformedFrameException extends Exception {
    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.featurizer.exchanges.protocol;

/**
 * A client request the simulated venue refuses, with the frame the real venue answers such a request with
 * (e.g. OKX's {@code {"event":"error","code":"60018","msg":"Wrong URL or channel:..."}}), so the client sees
 * the venue's own error format.
 */
public final class VenueRefusal extends MalformedFrameException {
    private final String reply;

    public VenueRefusal(String message, String reply) {
        super(message);
        this.reply = reply;
    }

    /** The venue's error frame to send back. */
    public String reply() {
        return reply;
    }
}

package io.featurizer.exchanges.sim;

/** Faults the simulator can inject into what it sends (issue 3's fault matrix). */
public enum Fault {
    /** The next book frame is not sent (the encoder's sequence still advances: a gap for the client). */
    DROP,
    /** The next book frame is sent twice. */
    DUPLICATE,
    /** The next two book frames are sent in swapped order. */
    REORDER,
    /** The next book frame jumps its sequence ahead (a gap without a lost frame). */
    SEQUENCE_GAP,
    /** Every client connection is closed by the server. */
    DISCONNECT,
    /** A frame that is not JSON is sent. */
    GARBAGE,
    /** Nothing is sent for the stall duration while the connection stays open. */
    STALL,
    /** The next book frame carries a wrong checksum (venues that have one). */
    CHECKSUM
}

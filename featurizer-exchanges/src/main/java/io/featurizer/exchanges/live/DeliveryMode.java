package io.featurizer.exchanges.live;

/**
 * How a {@link LiveEventEmitter} gets events from the venue connections' reader threads to the
 * callbacks. Either way callbacks run one at a time, in the order events were accepted, each with
 * the emitter's global ingestion sequence.
 */
public enum DeliveryMode {
    /**
     * The default. Readers copy each event into a bounded ring; one delivery thread runs the
     * callbacks. <b>A slow consumer never blocks a reader for more than 50 ms per event:</b> when the
     * ring stays full the event is dropped and counted ({@link LiveEventEmitter#droppedEvents()}), and
     * the connection sends its own book as a snapshot before the next book event. Costs a copy and,
     * when the delivery thread has gone to sleep, a wake-up (microseconds; up to ~100 µs at p99 on a
     * busy 2-vCPU VM).
     */
    HAND_OFF,
    /**
     * Callbacks run on the reader thread that decoded the event (under a lock when several venues
     * share the emitter). Lowest latency: no copy, no thread hop, one thread fewer competing for
     * cores. <b>The reader waits for the consumer</b>: nothing is dropped, but a consumer slower than
     * the feed makes the connection fall behind (the backlog queues in the socket buffers, where the
     * receipt stamp cannot see it, then at the venue, which may disconnect), and a callback that never
     * returns stalls its connection for good: the stale-feed check closes the socket after the stale
     * timeout, yet the reader only notices once the callback returns. A callback that throws drops the
     * connection (it reconnects and resynchronises). Use it only with a consumer known to keep up.
     */
    INLINE
}

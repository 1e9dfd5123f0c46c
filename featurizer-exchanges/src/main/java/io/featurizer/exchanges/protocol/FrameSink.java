package io.featurizer.exchanges.protocol;

import io.featurizer.core.event.Event;

/**
 * Where a {@link FrameDecoder} puts what it read from one frame. Called on the connection's reader
 * thread; events are views valid only during the call.
 */
public interface FrameSink {
    /**
     * A normalized event of one subscription: a {@code BookUpdate} exactly as the venue sent it
     * (snapshot or delta, with the venue's sequence ids and, where the venue has one, its checksum
     * in {@link #onChecksum}), a {@code Trade} or a {@code Quote}. {@code ts} is the venue's event
     * time, {@code receiptTs} the frame's arrival time.
     */
    void onEvent(Subscription subscription, Event event);

    /** The venue's checksum for the book after the last {@link #onEvent} of this subscription (OKX). */
    default void onChecksum(Subscription subscription, long checksum) {
    }

    /** The venue refused or failed a subscription; the message says what it said. */
    void onSubscriptionError(String message);

    /** A message that only shows the connection is alive (heartbeats, pongs, acks). */
    default void onHeartbeat() {
    }
}

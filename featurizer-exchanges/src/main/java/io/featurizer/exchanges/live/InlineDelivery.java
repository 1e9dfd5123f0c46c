package io.featurizer.exchanges.live;

import io.featurizer.core.event.Event;

import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link DeliveryMode#INLINE}: the reader thread that decoded an event runs the callbacks itself, one
 * reader at a time, numbering events in the order they get the lock. No copy, no second thread, no
 * wake-up; in exchange the reader waits for the consumer (see {@link DeliveryMode#INLINE}).
 */
final class InlineDelivery implements EventPath {
    private final ReentrantLock lock = new ReentrantLock(); // several venues' readers: callbacks stay one at a time
    private final HandOff.Consumer consumer;
    private long next;

    InlineDelivery(HandOff.Consumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public boolean offer(int source, Event event) {
        lock.lock();
        try {
            consumer.accept(source, event, next++);
        } finally {
            lock.unlock();
        }
        return true;
    }
}

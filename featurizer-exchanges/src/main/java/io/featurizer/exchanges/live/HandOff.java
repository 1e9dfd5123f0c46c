package io.featurizer.exchanges.live;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.DerivativeTicker;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The one hand-off from the venue connections' reader threads into the delivery thread: a bounded
 * multi-producer, single-consumer ring of preallocated slots (a small Disruptor). A producer claims
 * the next sequence with a CAS, copies its event into the slot's reusable event of that type and
 * publishes it; the consumer reads slots in sequence order. The claimed sequence is the input's
 * global ingestion number (DESIGN.md section 4). Hand-written: a lock and condition per event would
 * cost more than the whole feature graph and add wake-up latency.
 *
 * <p><b>Bounded, never blocking a reader without bound:</b> when the ring is full a producer waits
 * at most {@code maxWaitNanos} for room, then drops the event, counts it and returns false; the
 * connection then resynchronises that book (a dropped delta would otherwise corrupt it downstream).
 * The consumer spins briefly before parking, so a quiet feed costs no CPU and a busy one no wake-ups.
 */
final class HandOff implements EventPath {
    /** One ring entry: reusable events of every type; {@code event} is the one in use. */
    static final class Slot {
        final BookUpdate book = new BookUpdate();
        final Trade trade = new Trade();
        final Quote quote = new Quote();
        final DerivativeTicker derivativeTicker = new DerivativeTicker();
        final Liquidation liquidation = new Liquidation();
        Event event;
        int source;
        long sequence;

        void fill(int source, Event e, long sequence) {
            this.source = source;
            this.sequence = sequence;
            Event target = e instanceof BookUpdate ? book : e instanceof Trade ? trade : e instanceof Quote ? quote
                    : e instanceof DerivativeTicker ? derivativeTicker : liquidation;
            target.copyFrom(e);
            this.event = target;
        }
    }

    /** What the consumer does with each input. */
    interface Consumer {
        void accept(int source, Event event, long sequence);
    }

    private static final int SPINS_BEFORE_PARK = Integer.getInteger("featurizer.handoff.spins", 20_000);

    private final Slot[] slots;
    private final AtomicLongArray published; // per slot: the sequence last published into it
    private final int mask;
    private final AtomicLong claimed = new AtomicLong(); // next sequence to claim
    private final AtomicLong consumed = new AtomicLong(); // next sequence to consume
    private final AtomicLong dropped = new AtomicLong();
    private final long maxWaitNanos;
    private volatile Thread consumerThread;
    private volatile boolean consumerParked;

    HandOff(int capacity, long maxWaitNanos) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("hand-off capacity must be a power of two, got " + capacity);
        }
        this.slots = new Slot[capacity];
        this.published = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            slots[i] = new Slot();
            published.set(i, -1);
        }
        this.mask = capacity - 1;
        this.maxWaitNanos = maxWaitNanos;
    }

    /** Copies the event into the ring; false (and counted) when it stayed full for the whole wait. */
    @Override
    public boolean offer(int source, Event event) {
        long deadline = 0;
        while (true) {
            long seq = claimed.get();
            if (seq - consumed.get() >= slots.length) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + maxWaitNanos;
                } else if (now - deadline > 0) {
                    dropped.incrementAndGet();
                    return false;
                }
                wakeConsumer();
                Thread.onSpinWait();
                continue;
            }
            if (claimed.compareAndSet(seq, seq + 1)) {
                int i = (int) seq & mask;
                slots[i].fill(source, event, seq);
                published.set(i, seq); // volatile write: publishes the slot's contents
                if (consumerParked) {
                    wakeConsumer();
                }
                return true;
            }
        }
    }

    private void wakeConsumer() {
        Thread t = consumerThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Consumes published inputs in order until {@code running} turns false (then drains what is
     * published). Call from the one delivery thread.
     */
    void run(java.util.function.BooleanSupplier running, Consumer consumer) {
        consumerThread = Thread.currentThread();
        long next = consumed.get();
        int idle = 0;
        while (true) {
            int i = (int) next & mask;
            if (published.get(i) == next) {
                Slot s = slots[i];
                consumer.accept(s.source, s.event, s.sequence);
                next++;
                consumed.lazySet(next); // frees the slot for producers
                idle = 0;
                continue;
            }
            if (!running.getAsBoolean()) {
                return;
            }
            if (++idle < SPINS_BEFORE_PARK) {
                Thread.onSpinWait();
            } else {
                consumerParked = true;
                if (published.get(i) != next && running.getAsBoolean()) {
                    LockSupport.parkNanos(1_000_000L);
                }
                consumerParked = false;
                idle = SPINS_BEFORE_PARK / 2;
            }
        }
    }

    /** Wakes the consumer so it sees a stop. */
    void interrupt() {
        wakeConsumer();
    }

    long dropped() {
        return dropped.get();
    }
}

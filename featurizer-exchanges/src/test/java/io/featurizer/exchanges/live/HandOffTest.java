package io.featurizer.exchanges.live;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HandOffTest {
    @Test
    void concurrentProducersLoseNothingAndEachProducersOrderIsKept() throws InterruptedException {
        // a long wait: this test is about loss and order, and a paused or overloaded machine must not turn a slow
        // consumer into a drop (aFullRingDrops... tests the bounded wait)
        HandOff h = new HandOff(1024, 60_000_000_000L);
        int producers = 3;
        List<Throwable> producerFailures = new java.util.concurrent.CopyOnWriteArrayList<>();
        int perProducer = 200_000;
        AtomicBoolean running = new AtomicBoolean(true);
        long[] lastId = new long[producers];
        java.util.Arrays.fill(lastId, -1);
        long[] count = {0};
        long[] lastSeq = {-1};
        boolean[] ordered = {true};
        Thread consumer = new Thread(() -> h.run(running::get, (source, event, seq) -> {
            Trade t = (Trade) event;
            ordered[0] &= t.id() == lastId[source] + 1 && seq == lastSeq[0] + 1;
            lastId[source] = t.id();
            lastSeq[0] = seq;
            count[0]++;
        }));
        consumer.start();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int source = p;
            Thread t = new Thread(() -> {
                Trade trade = new Trade();
                for (int i = 0; i < perProducer; i++) {
                    trade.set(i, i, Side.BUY, 1, 1, i); // the same object reused: the ring must copy
                    if (!h.offer(source, trade)) {
                        producerFailures.add(new AssertionError("producer " + source + ": event " + i + " not accepted"));
                        return;
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        running.set(false);
        h.interrupt();
        consumer.join(); // no timed join: a timeout read mid-drain would look like a loss
        assertEquals(List.of(), producerFailures);
        assertEquals(0, h.dropped());
        assertEquals((long) producers * perProducer, count[0], "every event delivered");
        assertTrue(ordered[0], "per-producer order and global sequence kept");
    }

    @Test
    void aFullRingDropsAfterTheBoundedWaitAndCounts() {
        HandOff h = new HandOff(4, 2_000_000L); // no consumer: fills up
        BookUpdate u = new BookUpdate().reset(1, 1, false).addBid(1, 1);
        for (int i = 0; i < 4; i++) {
            assertTrue(h.offer(0, u));
        }
        long t0 = System.nanoTime();
        assertFalse(h.offer(0, u), "dropped, not blocked forever");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
        assertEquals(1, h.dropped());
        List<Event> seen = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(false);
        h.run(running::get, (s, e, seq) -> seen.add(e.copy()));
        assertEquals(4, seen.size(), "what was accepted is delivered");
    }

    @Test
    void reconnectDelaysGrowExponentiallyWithJitterWithinBounds() {
        ReconnectPolicy p = new ReconnectPolicy(100, 10_000, 0.2);
        for (int f = 0; f < 12; f++) {
            double base = Math.min(10_000, 100 * Math.pow(2, f));
            for (int k = 0; k < 50; k++) {
                long d = p.delayMillis(f);
                assertTrue(d >= Math.floor(base * 0.8) && d <= Math.ceil(base * 1.2), "failure " + f + ": " + d);
            }
        }
    }
}

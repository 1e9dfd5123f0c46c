package io.featurizer.serve;

import io.featurizer.core.definitions.L2SnapshotFD;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The latest values are rewritten in place by the engine thread while HTTP threads read them: every value a reader gets
 * must be one the writer wrote, whole. The writer's k-th book has k % 7 levels a side, every price and size k, times k
 * and k + 1, written as vector k of input sequence k; a torn read would mix two of them.
 */
class LatestValuesTest {
    @Test
    void readersGetWholeValuesWhileTheEngineRewritesThem() throws Exception {
        Feature book = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 25), Features.l2Book("BINANCE", "spot", "BTC-USDT"));
        LatestValues latest = new LatestValues(List.of(book));
        assertNull(latest.get(0), "nothing before the first value");
        FeatureEvent e = new FeatureEvent(L2SnapshotFD.SCHEMA);
        GroupedNamedDataEvent g = new GroupedNamedDataEvent(List.of(book), new Event[] {e}, new boolean[] {true});
        AtomicReference<String> torn = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        Thread[] readers = new Thread[2];
        long until = System.nanoTime() + 700_000_000L;
        for (int r = 0; r < readers.length; r++) {
            readers[r] = new Thread(() -> {
                while (System.nanoTime() < until && torn.get() == null) {
                    LatestValues.Value v = latest.get(0);
                    if (v == null) {
                        continue;
                    }
                    reads.incrementAndGet();
                    String problem = check(v);
                    if (problem != null) {
                        torn.compareAndSet(null, problem);
                    }
                }
            });
            readers[r].start();
        }
        long k = 0;
        while (System.nanoTime() < until) {
            k++;
            int n = (int) (k % 7);
            e.setTimes(k, k + 1);
            for (int f = 0; f < 4; f++) {
                java.util.Arrays.fill(e.arrayForWrite(f, n), 0, n, k);
            }
            latest.update(g, k, k);
        }
        for (Thread t : readers) {
            t.join();
        }
        assertNull(torn.get());
        assertTrue(reads.get() > 1000, "reads " + reads.get());
        assertEquals(k, latest.updates(0), "every write changed the value");
        LatestValues.Value last = latest.get(0);
        assertEquals(k, last.vector());
        assertNull(check(last));
    }

    /** Null when the value is one the writer wrote whole, else what is wrong. */
    private static String check(LatestValues.Value v) {
        long k = v.sequence();
        if (v.vector() != k || v.event().ts() != k || v.event().receiptTs() != k + 1) {
            return "times or numbers of different writes: " + k + ", " + v.vector() + ", " + v.event().ts() + ", " + v.event().receiptTs();
        }
        for (int f = 0; f < 4; f++) {
            if (v.event().arrayLength(f) != k % 7) {
                return "write " + k + " with " + v.event().arrayLength(f) + " levels in field " + f;
            }
            for (int l = 0; l < k % 7; l++) {
                if (v.event().getArray(f)[l] != k) {
                    return "write " + k + " with a value of write " + v.event().getArray(f)[l];
                }
            }
        }
        return null;
    }
}

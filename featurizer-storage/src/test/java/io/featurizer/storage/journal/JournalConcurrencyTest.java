package io.featurizer.storage.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.featurizer.core.event.Trade;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalConcurrencyTest {
    private static final int THREADS = 4, PER_THREAD = 50_000;

    @TempDir
    Path dir;

    @Test
    void concurrentAppendsStoreEveryEventOnceUnderUniqueContiguousSequences() throws Exception {
        long[][] sequences = new long[THREADS][PER_THREAD];
        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 256 << 10)) { // small segments: rolls under contention too
            int t = j.stream("trades", Trade.SCHEMA);
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (int k = 0; k < THREADS; k++) {
                int thread = k;
                threads.add(new Thread(() -> {
                    Trade trade = new Trade(); // each producer reuses its own view
                    try {
                        start.await();
                        for (int i = 0; i < PER_THREAD; i++) {
                            trade.set(i, i, 1, thread, i, thread * 1_000_000L + i);
                            sequences[thread][i] = j.append(t, trade);
                        }
                    } catch (Throwable e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread th : threads) {
                th.join();
            }
            assertEquals(List.of(), failures);
        }

        // sequences: unique and exactly 1..THREADS*PER_THREAD; each thread's increase
        boolean[] seen = new boolean[THREADS * PER_THREAD + 1];
        for (long[] s : sequences) {
            for (int i = 0; i < PER_THREAD; i++) {
                assertTrue(s[i] >= 1 && s[i] <= THREADS * PER_THREAD, "sequence " + s[i]);
                assertFalse(seen[(int) s[i]], "sequence " + s[i] + " returned twice");
                seen[(int) s[i]] = true;
                if (i > 0) {
                    assertTrue(s[i] > s[i - 1]);
                }
            }
        }
        // the journal holds each event once, under the sequence its producer was given
        Map<Long, Long> idBySequence = new HashMap<>();
        try (JournalReader r = JournalReader.open(dir, 0)) {
            long expected = 1;
            while (r.next()) {
                assertEquals(expected++, r.sequence());
                idBySequence.put(r.sequence(), ((Trade) r.current()).id());
            }
        }
        assertEquals(THREADS * PER_THREAD, idBySequence.size());
        for (int k = 0; k < THREADS; k++) {
            for (int i = 0; i < PER_THREAD; i++) {
                assertEquals(k * 1_000_000L + i, idBySequence.get(sequences[k][i]));
            }
        }
    }
}

package io.featurizer.storage.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread of {@link FsyncPolicy#interval}: fsyncs the active segment every interval,
 * so appends never wait for the disk. Stopped without interrupting, because an interrupt during
 * {@code FileChannel.force} would close the segment's channel.
 */
final class IntervalFlusher {
    private static final Logger log = LoggerFactory.getLogger(IntervalFlusher.class);
    private final ScheduledExecutorService executor;

    IntervalFlusher(Journal journal, Duration interval) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "journal-fsync " + journal.directory().getFileName());
            t.setDaemon(true);
            return t;
        });
        long nanos = interval.toNanos();
        executor.scheduleWithFixedDelay(() -> {
            try {
                journal.syncActive();
            } catch (IOException | RuntimeException e) {
                log.warn("journal {}: periodic fsync failed: {}", journal.directory(), e.toString());
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    void stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("journal fsync thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.featurizer.storage.record;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a recording JVM with SIGKILL at random moments, restarts it each time, and checks that every
 * event it had accepted before a kill is stored exactly once and in order: the stored book and trade
 * streams must equal a prefix of the deterministic market that covers every "accepted" line printed.
 */
class RecordingCrashTest {
    private static final int KILLS = 5;

    @TempDir
    Path dir;

    @Test
    void everyAcceptedEventSurvivesSigkillExactlyOnceInOrder() throws Exception {
        Path root = dir.resolve("store");
        Random random = new Random(20261124);
        long maxAccepted = -1;
        for (int round = 0; round < KILLS; round++) {
            Process child = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                    RecordingCrashChild.class.getName(), root.toString(), "100000000").redirectError(dir.resolve("child-" + round + ".log").toFile()).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = lines.readLine();
            while (ready != null && !ready.startsWith("ready")) {
                ready = lines.readLine();
            }
            assertTrue(ready != null && ready.startsWith("ready"), "child started: " + ready);
            long storedAtStart = Long.parseLong(ready.substring(ready.indexOf("stored=") + 7, ready.indexOf(' ', 6)));
            System.out.println("round " + round + ": " + ready + ", accepted so far " + maxAccepted);
            assertTrue(storedAtStart > maxAccepted, "round " + round + ": stored " + storedAtStart + " covers every accepted event up to " + maxAccepted);
            AtomicLong accepted = new AtomicLong(maxAccepted);
            CountDownLatch recording = new CountDownLatch(1);
            Thread reader = new Thread(() -> { // the child's "accepted N" lines, until it dies
                try {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("accepted ")) {
                            accepted.accumulateAndGet(Long.parseLong(line.substring(9)), Math::max);
                            recording.countDown();
                        }
                    }
                } catch (java.io.IOException e) {
                    // the pipe closes when the child is killed
                }
            });
            reader.start();
            assertTrue(recording.await(60, TimeUnit.SECONDS), "round " + round + ": the child records");
            Thread.sleep(random.nextInt(1500)); // kill at a random point while it records
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            reader.join(10_000);
            maxAccepted = accepted.get();
        }
        assertTrue(maxAccepted > 1000, "the children recorded something: " + maxAccepted);

        // a last clean open recovers what the last killed child left, then everything is checked
        try (Storage storage = Storage.open(root)) {
            Recorder.open(storage, root.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(1500)).close();
            try (var left = java.nio.file.Files.list(root.resolve(".work"))) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".block-")).toList(),
                        "no half-written block files of the killed children are left");
            }
            List<Event> books = read(storage, RecorderTest.BOOK);
            List<Event> trades = read(storage, RecorderTest.TRADES);
            long total = books.size() + trades.size();
            assertTrue(total > maxAccepted, "stored " + total + " events, accepted at least " + (maxAccepted + 1));
            // the expected content: the first `total` market events, split by stream
            SyntheticMarket m = RecordingCrashChild.market();
            int b = 0, t = 0;
            for (long i = 0; i < total; i++) {
                Event e = RecordingCrashChild.nextEvent(m);
                if (e instanceof BookUpdate) {
                    assertTrue(b < books.size(), "book event " + i + " missing");
                    assertEquals(e, books.get(b++), "book event " + i);
                } else {
                    assertTrue(e instanceof Trade);
                    assertTrue(t < trades.size(), "trade " + i + " missing");
                    assertEquals(e, trades.get(t++), "trade event " + i);
                }
            }
        }
    }

    private static List<Event> read(Storage s, io.featurizer.core.feature.Feature f) {
        List<Event> out = new ArrayList<>();
        try (EventCursor c = s.read(f, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.current().copy());
            }
        }
        return out;
    }
}

package io.featurizer.storage.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.featurizer.core.event.Event;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed of the recorder's crash test: SIGKILL a JVM that is appending, then check that recovery
 * holds every event the child reported accepted, in order, under the sequence it was given, and
 * that the journal continues after it.
 */
class JournalCrashTest {
    @TempDir
    Path dir;

    @Test
    void everyAcceptedEventSurvivesSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                JournalCrashChild.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<long[]> accepted = new ArrayList<>(); // {i, sequence}
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            assertEquals("ready", in.readLine());
            // SIGKILL at a random moment, through the handle: Process.destroyForcibly would also close
            // our end of the pipe, and the lines the child printed just before it died are reports too
            long killAfterMs = ThreadLocalRandom.current().nextLong(200, 1500);
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(killAfterMs);
                } catch (InterruptedException e) {
                    return;
                }
                child.toHandle().destroyForcibly();
            });
            killer.start();
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split(" ");
                if (f.length == 3 && f[2].equals("ok")) { // a line cut by the kill is not a report
                    accepted.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertTrue(accepted.size() > 1000, "child accepted only " + accepted.size() + " events");
        assertNotEquals(0, child.exitValue());

        try (Journal j = Journal.open(dir, FsyncPolicy.NEVER, 64 << 10)) {
            List<Long> sequences = new ArrayList<>();
            List<Event> events = new ArrayList<>();
            j.replay(0, (stream, seq, event) -> {
                sequences.add(seq);
                events.add(event.copy());
            });
            // sequences start at 1 without gaps, so the event with sequence s sits at index s - 1
            for (int k = 0; k < sequences.size(); k++) {
                assertEquals(k + 1, sequences.get(k));
            }
            // every recovered event is the one the child made for its position (nothing mixed up or damaged)
            for (int k = 0; k < events.size(); k++) {
                Event expected = k % 2 == 0 ? SampleEvents.trade(k) : SampleEvents.book(k, 10);
                assertEquals(expected, events.get(k), "recovered event " + k);
            }
            for (long[] a : accepted) {
                long i = a[0], seq = a[1];
                assertEquals(i + 1, seq, "the child appended in order from a fresh journal");
                assertTrue(seq <= events.size(), "accepted sequence " + seq + " lost; recovered " + events.size());
                Event expected = i % 2 == 0 ? SampleEvents.trade(i) : SampleEvents.book(i, 10);
                assertEquals(expected, events.get((int) seq - 1), "event " + i);
            }
            long next = events.size() + 1;
            assertEquals(next, j.nextSequence());
            assertEquals(next, j.append(0, SampleEvents.trade(next - 1)));
            System.out.printf("crash test: child accepted %d events, journal recovered %d, torn tail %s%n",
                    accepted.size(), events.size(), j.recovery());
        }
    }
}

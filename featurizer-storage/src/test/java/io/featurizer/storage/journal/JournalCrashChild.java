package io.featurizer.storage.journal;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Trade;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process {@link JournalCrashTest} kills: appends trades and 10-level book updates (event i is
 * {@code SampleEvents.trade(i)} for even i, {@code book(i, 10)} for odd i) as fast as it can and
 * prints "{@code i sequence ok}" for each event after its append returned, i.e. once it is accepted.
 * Small segments make the kill land in rolls too.
 */
public final class JournalCrashChild {
    private static final int BURST = 200;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
        Journal j = Journal.open(dir, FsyncPolicy.NEVER, 64 << 10);
        int trades = j.stream("trades", Trade.SCHEMA);
        int books = j.stream("book", BookUpdate.SCHEMA);
        out.println("ready");
        out.flush();
        long[] accepted = new long[BURST];
        for (long i = 0; ; i += BURST) {
            // append a burst, then report it: the kill lands in appends (and rolls) as often as in printing
            for (int k = 0; k < BURST; k++) {
                long n = i + k;
                accepted[k] = n % 2 == 0 ? j.append(trades, SampleEvents.trade(n)) : j.append(books, SampleEvents.book(n, 10));
            }
            for (int k = 0; k < BURST; k++) {
                out.println((i + k) + " " + accepted[k] + " ok");
            }
            out.flush();
        }
    }
}

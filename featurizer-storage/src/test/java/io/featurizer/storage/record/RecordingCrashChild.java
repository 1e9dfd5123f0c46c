package io.featurizer.storage.record;

import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.storage.EventCursor;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The recording JVM of {@link RecordingCrashTest}: opens a recorder over a storage root (recovering what
 * a killed predecessor left), counts the events already stored, and goes on recording the same
 * deterministic market from there, printing {@code accepted N} after event N was accepted, until killed.
 */
public final class RecordingCrashChild {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        long limit = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        try (Storage storage = Storage.open(root);
             Recorder recorder = Recorder.open(storage, root.resolve("journal"), FsyncPolicy.NEVER, new CountBasedCompactor(1500))) {
            long stored = count(storage);
            out.println("ready stored=" + stored + " recovered=" + recorder.recovered());
            out.flush();
            DataSourceCallback book = recorder.callback(RecorderTest.BOOK);
            DataSourceCallback trades = recorder.callback(RecorderTest.TRADES);
            SyntheticMarket market = market();
            for (long i = 0; i < limit; i++) {
                Event e = nextEvent(market);
                if (i < stored) {
                    continue; // already stored by an earlier run
                }
                (e instanceof BookUpdate ? book : trades).onEvent(null, e);
                if (i % 50 == 0) {
                    out.println("accepted " + i);
                    out.flush();
                }
            }
        }
        out.println("done");
        out.flush();
    }

    static SyntheticMarket market() {
        return new SyntheticMarket(SyntheticMarket.Config.defaults(11).withRates(300, 60, 0));
    }

    /** The market's next book or trade event (tickers are not recorded here). */
    static Event nextEvent(SyntheticMarket m) {
        while (m.next() == SyntheticMarket.Channel.TICKER) {
            // skip
        }
        return m.event();
    }

    static long count(Storage storage) {
        long n = 0;
        for (var f : new io.featurizer.core.feature.Feature[] {RecorderTest.BOOK, RecorderTest.TRADES}) {
            try (EventCursor c = storage.read(f, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    n++;
                }
            }
        }
        return n;
    }
}

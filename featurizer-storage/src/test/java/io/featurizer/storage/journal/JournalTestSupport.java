package io.featurizer.storage.journal;

import io.featurizer.core.event.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Collects what a journal replays, copying the reused views. */
final class JournalTestSupport {
    record Entry(String key, long sequence, Event event) {
    }

    private JournalTestSupport() {
    }

    static List<Entry> replayAll(Journal journal, long from) throws IOException {
        List<Entry> out = new ArrayList<>();
        journal.replay(from, (stream, seq, event) -> out.add(new Entry(stream.key(), seq, event.copy())));
        return out;
    }

    static List<Entry> readAll(JournalReader reader) {
        List<Entry> out = new ArrayList<>();
        try (reader) {
            while (reader.next()) {
                out.add(new Entry(reader.stream().key(), reader.sequence(), reader.current().copy()));
            }
        }
        return out;
    }
}

package io.featurizer.storage.journal;

import io.featurizer.core.event.Schema;
import java.util.Objects;

/**
 * One stream of a journal: a data source or feature key and the schema of its events. The id is
 * what each event frame carries; it stays the same across segments and restarts.
 */
public record JournalStream(int id, String key, Schema schema) {
    public JournalStream {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(schema, "schema");
        if (id < 0) {
            throw new IllegalArgumentException("stream id must be >= 0, got " + id);
        }
    }
}

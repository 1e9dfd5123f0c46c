package io.featurizer.storage.ingest;

/** Running counts of one read, turned into {@link IngestStats} at the end. */
final class Counters {
    long rowsRead;
    long eventsEmitted;
    long rowsSkipped;
    long badRows;

    IngestStats stats() {
        return new IngestStats(rowsRead, eventsEmitted, rowsSkipped, badRows);
    }
}

package io.featurizer.storage.ingest;

/**
 * What a vendor reader did with a file. {@code rowsSkipped} counts every data row not delivered in an
 * event (malformed rows, the good rows of a message dropped with a malformed one, Cryptotick deltas
 * before the first snapshot); {@code badRows} counts the malformed ones alone (lenient mode).
 */
public record IngestStats(long rowsRead, long eventsEmitted, long rowsSkipped, long badRows) {
}

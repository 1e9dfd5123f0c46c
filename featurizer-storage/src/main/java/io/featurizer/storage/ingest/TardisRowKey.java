package io.featurizer.storage.ingest;

/**
 * The four columns every Tardis CSV type starts with ({@code exchange, symbol, timestamp,
 * local_timestamp}, at {@code columns[0..3]}) and how a row handler reads them: the row's data source
 * and its two times.
 */
final class TardisRowKey {
    private final TardisSources sources;
    private final int exchange, symbol, timestamp, localTimestamp;

    TardisRowKey(TardisSources sources, int[] columns) {
        this.sources = sources;
        this.exchange = columns[0];
        this.symbol = columns[1];
        this.timestamp = columns[2];
        this.localTimestamp = columns[3];
    }

    VendorSource source(CsvLineScanner row) throws BadRowException, IngestException {
        return sources.of(row, exchange, symbol);
    }

    /** The venue's event time ({@code timestamp}, µs), as ns. */
    long ts(CsvLineScanner row) throws BadRowException {
        return Cells.microsAsNanos(row, timestamp, "timestamp");
    }

    /** Tardis's receipt time ({@code local_timestamp}, µs), as ns. */
    long receiptTs(CsvLineScanner row) throws BadRowException {
        return Cells.microsAsNanos(row, localTimestamp, "local_timestamp");
    }

    int timestampColumn() {
        return timestamp;
    }

    int localTimestampColumn() {
        return localTimestamp;
    }
}

package io.featurizer.storage.ingest;

import java.io.IOException;

/** Turns the data rows of one vendor data type into events for a sink. One handler per read. */
abstract class RowHandler {
    protected final IngestSink sink;
    protected final Counters counters;

    RowHandler(IngestSink sink, Counters counters) {
        this.sink = sink;
        this.counters = counters;
    }

    /** Handles the scanner's current row (its field count already checked against the header). */
    abstract void row(CsvLineScanner row) throws BadRowException, IOException;

    /** Lenient mode: the current row was malformed; skip it and whatever it belongs to. */
    void rejected() {
        counters.rowsSkipped++;
    }

    /** End of the file: deliver what is pending. */
    void end() throws IOException {
    }

    /** Delivers one event, counting it. */
    protected final void emit(VendorSource source, io.featurizer.core.event.Event event, long line) throws IOException {
        sink.accept(source, event, line);
        counters.eventsEmitted++;
    }
}

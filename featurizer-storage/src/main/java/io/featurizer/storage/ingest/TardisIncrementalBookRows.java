package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Tardis {@code incremental_book_L2} rows grouped into {@link BookUpdate} messages (see {@link TardisReader}). */
final class TardisIncrementalBookRows extends MessageRowHandler {
    static final byte[] BID = "bid".getBytes(StandardCharsets.US_ASCII);
    static final byte[] ASK = "ask".getBytes(StandardCharsets.US_ASCII);

    private final TardisRowKey key;
    private final int isSnapshot, side, price, amount;
    private final BookUpdate book = new BookUpdate();
    private final RepeatedCell timestamps = new RepeatedCell("timestamp");
    private final RepeatedCell localTimestamps = new RepeatedCell("local_timestamp");
    private VendorSource source;
    private boolean snapshot;
    private long receiptTs;

    TardisIncrementalBookRows(IngestSink sink, Counters counters, TardisSources sources, int[] columns) {
        super(sink, counters);
        this.key = new TardisRowKey(sources, columns);
        this.isSnapshot = columns[4];
        this.side = columns[5];
        this.price = columns[6];
        this.amount = columns[7];
    }

    @Override
    void handle(CsvLineScanner row) throws BadRowException, IOException {
        VendorSource src = key.source(row);
        long receipt = localTimestamps.microsAsNanos(row, key.localTimestampColumn());
        boolean snap = Cells.bool(row, isSnapshot, "is_snapshot");
        // a snapshot runs while is_snapshot stays true; a delta message is one local_timestamp
        boolean same = src == source && snap == snapshot && (snap || receipt == receiptTs);
        boolean first = join(same, row.line());
        if (first) {
            source = src;
            snapshot = snap;
            receiptTs = receipt;
            book.reset(0, receipt, snap);
        }
        long ts = timestamps.microsAsNanos(row, key.timestampColumn());
        if (first) {
            book.setTimes(ts, receipt);
        }
        boolean bid;
        if (row.is(side, BID)) {
            bid = true;
        } else if (row.is(side, ASK)) {
            bid = false;
        } else {
            throw BadRowException.field("side", row.text(side), "expected bid or ask");
        }
        double p = Cells.decimal(row, price, "price");
        double a = Cells.size(row, amount, "amount");
        if (poisoned()) {
            return;
        }
        if (bid) {
            book.addBid(p, a);
        } else {
            book.addAsk(p, a);
        }
    }

    @Override
    void deliver() throws IOException {
        emit(source, book, firstLine());
    }
}

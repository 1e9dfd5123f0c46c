package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;

import java.io.IOException;

/** Tardis {@code book_snapshot_N} rows, each one snapshot {@link BookUpdate}; empty level cells are skipped. */
final class TardisBookSnapshotRows extends RowHandler {
    private final TardisSources sources;
    private final int exchange, symbol, timestamp, localTimestamp;
    private final int[] askPrice, askAmount, bidPrice, bidAmount;
    private final String[] askPriceName, askAmountName, bidPriceName, bidAmountName;
    private final BookUpdate book = new BookUpdate();

    TardisBookSnapshotRows(IngestSink sink, Counters counters, TardisSources sources, int[] columns, int depth) {
        super(sink, counters);
        this.sources = sources;
        this.exchange = columns[0];
        this.symbol = columns[1];
        this.timestamp = columns[2];
        this.localTimestamp = columns[3];
        askPrice = new int[depth];
        askAmount = new int[depth];
        bidPrice = new int[depth];
        bidAmount = new int[depth];
        askPriceName = new String[depth];
        askAmountName = new String[depth];
        bidPriceName = new String[depth];
        bidAmountName = new String[depth];
        for (int i = 0; i < depth; i++) {
            askPrice[i] = columns[4 + 4 * i];
            askAmount[i] = columns[5 + 4 * i];
            bidPrice[i] = columns[6 + 4 * i];
            bidAmount[i] = columns[7 + 4 * i];
            askPriceName[i] = "asks[" + i + "].price";
            askAmountName[i] = "asks[" + i + "].amount";
            bidPriceName[i] = "bids[" + i + "].price";
            bidAmountName[i] = "bids[" + i + "].amount";
        }
    }

    @Override
    void row(CsvLineScanner row) throws BadRowException, IOException {
        VendorSource src = sources.of(row, exchange, symbol);
        long ts = Cells.microsAsNanos(row, timestamp, "timestamp");
        long receipt = Cells.microsAsNanos(row, localTimestamp, "local_timestamp");
        book.reset(ts, receipt, true);
        for (int i = 0; i < askPrice.length; i++) {
            if (!row.isEmpty(askPrice[i])) {
                book.addAsk(Cells.decimal(row, askPrice[i], askPriceName[i]), Cells.size(row, askAmount[i], askAmountName[i]));
            }
            if (!row.isEmpty(bidPrice[i])) {
                book.addBid(Cells.decimal(row, bidPrice[i], bidPriceName[i]), Cells.size(row, bidAmount[i], bidAmountName[i]));
            }
        }
        emit(src, book, row.line());
    }
}

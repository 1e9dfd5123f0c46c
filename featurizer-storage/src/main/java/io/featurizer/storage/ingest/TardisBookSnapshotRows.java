package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;

import java.io.IOException;

/** Tardis {@code book_snapshot_N} rows, each one snapshot {@link BookUpdate}; empty level cells are skipped. */
final class TardisBookSnapshotRows extends RowHandler {
    private final TardisRowKey key;
    private final int[] askPrice, askAmount, bidPrice, bidAmount;
    private final String[] askPriceName, askAmountName, bidPriceName, bidAmountName;
    private final BookUpdate book = new BookUpdate();

    TardisBookSnapshotRows(IngestSink sink, Counters counters, TardisSources sources, int[] columns, int depth) {
        super(sink, counters);
        this.key = new TardisRowKey(sources, columns);
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
        VendorSource src = key.source(row);
        long ts = key.ts(row);
        long receipt = key.receiptTs(row);
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

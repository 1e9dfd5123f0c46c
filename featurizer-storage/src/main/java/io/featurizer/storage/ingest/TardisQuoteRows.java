package io.featurizer.storage.ingest;

import io.featurizer.core.event.Quote;

import java.io.IOException;

/** Tardis {@code quotes} rows, each one {@link Quote}; an empty cell (no level on that side) is NaN. */
final class TardisQuoteRows extends RowHandler {
    private final TardisRowKey key;
    private final int askAmount, askPrice, bidPrice, bidAmount;
    private final Quote quote = new Quote();

    TardisQuoteRows(IngestSink sink, Counters counters, TardisSources sources, int[] columns) {
        super(sink, counters);
        this.key = new TardisRowKey(sources, columns);
        this.askAmount = columns[4];
        this.askPrice = columns[5];
        this.bidPrice = columns[6];
        this.bidAmount = columns[7];
    }

    @Override
    void row(CsvLineScanner row) throws BadRowException, IOException {
        VendorSource src = key.source(row);
        long ts = key.ts(row);
        long receipt = key.receiptTs(row);
        double bp = Cells.decimalOrNaN(row, bidPrice, "bid_price");
        double bs = Cells.decimalOrNaN(row, bidAmount, "bid_amount");
        double ap = Cells.decimalOrNaN(row, askPrice, "ask_price");
        double as = Cells.decimalOrNaN(row, askAmount, "ask_amount");
        emit(src, quote.set(ts, receipt, bp, bs, ap, as), row.line());
    }
}

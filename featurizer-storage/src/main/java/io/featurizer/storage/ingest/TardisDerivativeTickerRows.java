package io.featurizer.storage.ingest;

import io.featurizer.core.event.DerivativeTicker;

import java.io.IOException;

/**
 * Tardis {@code derivative_ticker} rows, each one {@link DerivativeTicker}. Tardis writes every row with the
 * latest known value of each field and leaves a cell empty where the venue does not give it: NaN here
 * ({@code funding_timestamp}: 0).
 */
final class TardisDerivativeTickerRows extends RowHandler {
    private final TardisRowKey key;
    private final int fundingTimestamp, fundingRate, predictedFundingRate, openInterest, lastPrice, indexPrice, markPrice;
    private final DerivativeTicker ticker = new DerivativeTicker();

    TardisDerivativeTickerRows(IngestSink sink, Counters counters, TardisSources sources, int[] columns) {
        super(sink, counters);
        this.key = new TardisRowKey(sources, columns);
        this.fundingTimestamp = columns[4];
        this.fundingRate = columns[5];
        this.predictedFundingRate = columns[6];
        this.openInterest = columns[7];
        this.lastPrice = columns[8];
        this.indexPrice = columns[9];
        this.markPrice = columns[10];
    }

    @Override
    void row(CsvLineScanner row) throws BadRowException, IOException {
        VendorSource src = key.source(row);
        long ts = key.ts(row);
        long receipt = key.receiptTs(row);
        long nextFunding = row.isEmpty(fundingTimestamp) ? 0 : Cells.microsAsNanos(row, fundingTimestamp, "funding_timestamp");
        emit(src, ticker.set(ts, receipt,
                Cells.decimalOrNaN(row, fundingRate, "funding_rate"),
                Cells.decimalOrNaN(row, predictedFundingRate, "predicted_funding_rate"),
                nextFunding,
                Cells.decimalOrNaN(row, openInterest, "open_interest"),
                Cells.decimalOrNaN(row, markPrice, "mark_price"),
                Cells.decimalOrNaN(row, indexPrice, "index_price"),
                Cells.decimalOrNaN(row, lastPrice, "last_price")), row.line());
    }
}

package io.featurizer.storage.ingest;

import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.TradeIds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Tardis {@code liquidations} rows, each one {@link Liquidation}: {@code side} is the liquidation order's
 * ({@code buy} closes a short, {@code sell} a long); {@code id} through {@link TradeIds}, 0 when empty.
 */
final class TardisLiquidationRows extends RowHandler {
    private static final byte[] BUY = "buy".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SELL = "sell".getBytes(StandardCharsets.US_ASCII);

    private final TardisRowKey key;
    private final int id, side, price, amount;
    private final Liquidation liquidation = new Liquidation();

    TardisLiquidationRows(IngestSink sink, Counters counters, TardisSources sources, int[] columns) {
        super(sink, counters);
        this.key = new TardisRowKey(sources, columns);
        this.id = columns[4];
        this.side = columns[5];
        this.price = columns[6];
        this.amount = columns[7];
    }

    @Override
    void row(CsvLineScanner row) throws BadRowException, IOException {
        VendorSource src = key.source(row);
        long ts = key.ts(row);
        long receipt = key.receiptTs(row);
        int s;
        if (row.is(side, BUY)) {
            s = Side.BUY;
        } else if (row.is(side, SELL)) {
            s = Side.SELL;
        } else {
            throw BadRowException.field("side", row.text(side), "expected buy or sell (the liquidation order's side)");
        }
        double p = Cells.decimal(row, price, "price");
        double a = Cells.size(row, amount, "amount");
        long liquidationId = row.isEmpty(id) ? 0 : TradeIds.of(row.buffer(), row.start(id), row.end(id));
        emit(src, liquidation.set(ts, receipt, s, p, a, liquidationId), row.line());
    }
}

package io.featurizer.storage.ingest;

import io.featurizer.core.event.TradeIds;
import io.featurizer.core.event.Side;
import io.featurizer.core.event.Trade;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Cryptotick/CoinAPI {@code trades} rows, each one {@link Trade}. {@code taker_side} {@code BUY}/{@code SELL}
 * (and CoinAPI's {@code BUY_ESTIMATED}/{@code SELL_ESTIMATED}) give the side, {@code UNKNOWN} 0. The id is
 * the venue's {@code id_exch_int_inc} when present, else its {@code id_exch_guid}, else CoinAPI's
 * {@code guid}, through {@link TradeIds}.
 */
final class CryptotickTradeRows extends RowHandler {
    private static final byte[] BUY = bytes("BUY"), SELL = bytes("SELL"), BUY_EST = bytes("BUY_ESTIMATED"),
            SELL_EST = bytes("SELL_ESTIMATED"), UNKNOWN = bytes("UNKNOWN");

    private final VendorSource source;
    private final int timeExchange, timeCoinapi, price, baseAmount, takerSide;
    private final int[] ids;
    private final DayClock exchangeClock, coinapiClock;
    private final Trade trade = new Trade();

    /** {@code columns}: time_exchange, time_coinapi, price, base_amount, taker_side; {@code ids}: id columns by preference (-1 absent). */
    CryptotickTradeRows(IngestSink sink, Counters counters, VendorSource source, int[] columns, int[] ids, DayClock exchangeClock,
                        DayClock coinapiClock) {
        super(sink, counters);
        this.source = source;
        this.timeExchange = columns[0];
        this.timeCoinapi = columns[1];
        this.price = columns[2];
        this.baseAmount = columns[3];
        this.takerSide = columns[4];
        this.ids = ids;
        this.exchangeClock = exchangeClock;
        this.coinapiClock = coinapiClock;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    void row(CsvLineScanner row) throws BadRowException, IOException {
        long ts = CoinApiTimes.parse(row, timeExchange, "time_exchange", exchangeClock);
        long receipt = CoinApiTimes.parse(row, timeCoinapi, "time_coinapi", coinapiClock);
        int side;
        if (row.is(takerSide, BUY) || row.is(takerSide, BUY_EST)) {
            side = Side.BUY;
        } else if (row.is(takerSide, SELL) || row.is(takerSide, SELL_EST)) {
            side = Side.SELL;
        } else if (row.is(takerSide, UNKNOWN)) {
            side = 0;
        } else {
            throw BadRowException.field("taker_side", row.text(takerSide), "expected BUY, SELL, BUY_ESTIMATED, SELL_ESTIMATED or UNKNOWN");
        }
        double p = Cells.decimal(row, price, "price");
        double a = Cells.size(row, baseAmount, "base_amount");
        long id = -1;
        for (int f : ids) {
            if (f >= 0 && !row.isEmpty(f)) {
                id = TradeIds.of(row.buffer(), row.start(f), row.end(f));
                break;
            }
        }
        emit(source, trade.set(ts, receipt, side, p, a, id), row.line());
    }
}

package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Trade;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Trade rows: side (TINYINT), price, amount, id. Reads any event of the trades schema. */
final class TradeRows implements RowCodec {
    @Override
    public void append(DuckDBAppender row, Event e) throws SQLException {
        row.append((byte) e.getLong(Trade.SIDE)).append(e.getDouble(Trade.PRICE)).append(e.getDouble(Trade.AMOUNT)).append(e.getLong(Trade.ID));
    }

    @Override
    public void decode(ResultSet row, long ts, long receiptTs, Event into) throws SQLException {
        ((Trade) into).set(ts, receiptTs, row.getByte(FIRST_FIELD), row.getDouble(FIRST_FIELD + 1), row.getDouble(FIRST_FIELD + 2),
                row.getLong(FIRST_FIELD + 3));
    }
}

package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Quote (ticker) rows: bid_price, bid_size, ask_price, ask_size. */
final class QuoteRows implements RowCodec {
    @Override
    public void append(DuckDBAppender row, Event e) throws SQLException {
        row.append(e.getDouble(Quote.BID_PRICE)).append(e.getDouble(Quote.BID_SIZE))
                .append(e.getDouble(Quote.ASK_PRICE)).append(e.getDouble(Quote.ASK_SIZE));
    }

    @Override
    public void decode(ResultSet row, long ts, long receiptTs, Event into) throws SQLException {
        ((Quote) into).set(ts, receiptTs, row.getDouble(FIRST_FIELD), row.getDouble(FIRST_FIELD + 1), row.getDouble(FIRST_FIELD + 2),
                row.getDouble(FIRST_FIELD + 3));
    }
}

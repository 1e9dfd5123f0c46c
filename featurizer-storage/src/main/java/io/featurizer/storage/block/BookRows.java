package io.featurizer.storage.block;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * Book rows, one per exchange message: is_snapshot (BOOLEAN), first_seq, last_seq, prev_seq, then
 * the levels as four DOUBLE[] lists (bid_prices, bid_sizes, ask_prices, ask_sizes). See
 * {@link ParquetBlocks} for why lists rather than one row per level.
 */
final class BookRows implements RowCodec {
    private static final int SNAPSHOT = FIRST_FIELD, FIRST_SEQ = FIRST_FIELD + 1, LAST_SEQ = FIRST_FIELD + 2, PREV_SEQ = FIRST_FIELD + 3,
            BID_PRICES = FIRST_FIELD + 4, BID_SIZES = FIRST_FIELD + 5, ASK_PRICES = FIRST_FIELD + 6, ASK_SIZES = FIRST_FIELD + 7;
    private final ExactArrays scratch = new ExactArrays();

    @Override
    public void append(DuckDBAppender row, Event e) throws SQLException {
        row.append(e.getLong(BookUpdate.IS_SNAPSHOT) != 0).append(e.getLong(BookUpdate.FIRST_SEQ))
                .append(e.getLong(BookUpdate.LAST_SEQ)).append(e.getLong(BookUpdate.PREV_SEQ));
        appendList(row, e, BookUpdate.BID_PRICES);
        appendList(row, e, BookUpdate.BID_SIZES);
        appendList(row, e, BookUpdate.ASK_PRICES);
        appendList(row, e, BookUpdate.ASK_SIZES);
    }

    private void appendList(DuckDBAppender row, Event e, int field) throws SQLException {
        row.append(scratch.prefix(e.getArray(field), e.arrayLength(field)));
    }

    @Override
    public void decode(ResultSet row, long ts, long receiptTs, Event into) throws SQLException {
        BookUpdate b = ((BookUpdate) into).reset(ts, receiptTs, row.getBoolean(SNAPSHOT))
                .sequence(row.getLong(FIRST_SEQ), row.getLong(LAST_SEQ), row.getLong(PREV_SEQ));
        // the driver hands lists over as boxed Object[] (it boxes while fetching, whatever the getter)
        Object[] bp = list(row, BID_PRICES), bs = list(row, BID_SIZES);
        requireSameLength(bp, bs, "bid_prices", "bid_sizes");
        for (int i = 0; i < bp.length; i++) {
            b.addBid((Double) bp[i], (Double) bs[i]);
        }
        Object[] ap = list(row, ASK_PRICES), as = list(row, ASK_SIZES);
        requireSameLength(ap, as, "ask_prices", "ask_sizes");
        for (int i = 0; i < ap.length; i++) {
            b.addAsk((Double) ap[i], (Double) as[i]);
        }
    }

    private static Object[] list(ResultSet row, int column) throws SQLException {
        Array a = row.getArray(column);
        if (a == null) {
            throw new SQLException("column " + row.getMetaData().getColumnName(column) + " is NULL; expected a list of levels");
        }
        return (Object[]) a.getArray();
    }

    private static void requireSameLength(Object[] prices, Object[] sizes, String p, String s) throws SQLException {
        if (prices.length != sizes.length) {
            throw new SQLException(p + " has " + prices.length + " entries but " + s + " has " + sizes.length);
        }
    }
}

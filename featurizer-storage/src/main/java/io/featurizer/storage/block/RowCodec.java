package io.featurizer.storage.block;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/**
 * Moves the schema fields of one event (the columns after {@code timestamp, receipt_timestamp,
 * seq}) into an appender row and back out of a result row, without boxing where the driver allows.
 * One implementation per built-in event type, a generic one for feature outputs.
 */
interface RowCodec {
    /** First result-set column (1-based) of the schema fields. */
    int FIRST_FIELD = 4;

    /** Appends the event's fields to the current appender row. */
    void append(DuckDBAppender row, Event event) throws SQLException;

    /** Fills {@code into} (a view made by {@code Events.newEvent} for the schema) from the current result row. */
    void decode(ResultSet row, long ts, long receiptTs, Event into) throws SQLException;

    static RowCodec of(Schema schema) {
        if (schema.equals(Trade.SCHEMA)) {
            return new TradeRows();
        }
        if (schema.equals(Quote.SCHEMA)) {
            return new QuoteRows();
        }
        if (schema.equals(BookUpdate.SCHEMA)) {
            return new BookRows();
        }
        return new FeatureRows(schema);
    }
}

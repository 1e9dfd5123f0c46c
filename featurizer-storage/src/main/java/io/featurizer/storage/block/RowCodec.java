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
 * One implementation per built-in event type, a generic one for feature outputs. A codec instance
 * serves one write or one read.
 */
interface RowCodec extends AutoCloseable {
    /** First result-set column (1-based) of the schema fields. */
    int FIRST_FIELD = 4;

    /** Appends the event's fields to the current appender row. */
    void append(DuckDBAppender row, Event event) throws SQLException;

    /** What a read selects after the three event columns: by default the field columns themselves. */
    default String readColumns(BlockLayout layout) {
        return layout.fieldSelectList();
    }

    /**
     * Called once before the first {@link #decode}, with the {@code FROM ... WHERE ...} of the read
     * query, for codecs that stream part of the block through a second query.
     */
    default void open(String fromWhere) throws SQLException {
    }

    /** Fills {@code into} (a view made by {@code Events.newEvent} for the schema) from the current result row. */
    void decode(ResultSet row, long ts, long receiptTs, Event into) throws SQLException;

    @Override
    default void close() throws SQLException {
    }

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

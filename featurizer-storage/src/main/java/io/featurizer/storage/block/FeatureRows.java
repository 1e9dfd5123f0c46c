package io.featurizer.storage.block;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;

/** Feature output rows: one column per schema field (DOUBLE, BIGINT or DOUBLE[]), in schema order. */
final class FeatureRows implements RowCodec {
    private final FieldType[] types;
    private final ExactArrays scratch = new ExactArrays();

    FeatureRows(Schema schema) {
        types = new FieldType[schema.size()];
        for (int i = 0; i < types.length; i++) {
            types[i] = schema.type(i);
        }
    }

    @Override
    public void append(DuckDBAppender row, Event e) throws SQLException {
        for (int i = 0; i < types.length; i++) {
            switch (types[i]) {
                case DOUBLE -> row.append(e.getDouble(i));
                case LONG -> row.append(e.getLong(i));
                case DOUBLE_ARRAY -> row.append(scratch.prefix(e.getArray(i), e.arrayLength(i)));
            }
        }
    }

    @Override
    public void decode(ResultSet row, long ts, long receiptTs, Event into) throws SQLException {
        FeatureEvent f = (FeatureEvent) into;
        f.setTimes(ts, receiptTs);
        for (int i = 0; i < types.length; i++) {
            int column = FIRST_FIELD + i;
            switch (types[i]) {
                case DOUBLE -> f.set(i, row.getDouble(column));
                case LONG -> f.setLong(i, row.getLong(column));
                case DOUBLE_ARRAY -> {
                    Array a = row.getArray(column);
                    if (a == null) {
                        throw new SQLException("column " + row.getMetaData().getColumnName(column) + " is NULL; expected a list");
                    }
                    Object[] values = (Object[]) a.getArray();
                    double[] dst = f.arrayForWrite(i, values.length);
                    for (int k = 0; k < values.length; k++) {
                        dst[k] = (Double) values[k];
                    }
                }
            }
        }
    }
}

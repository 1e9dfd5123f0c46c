package io.featurizer.storage.block;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Liquidation;
import io.featurizer.core.event.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Parquet columns of a block of one {@link Schema}: {@code timestamp} and
 * {@code receipt_timestamp} (TIMESTAMP_NS: UTC ns since the epoch, annotated Parquet TIMESTAMP(NANOS) so pandas,
 * polars, Arrow and DuckDB read datetimes; blocks written before hold the same ns as plain BIGINT and read the same),
 * {@code seq} (BIGINT, ingestion sequence), then one column per schema field, named as the field: DOUBLE as DOUBLE,
 * LONG as BIGINT (TIMESTAMP_NS for the instants of {@link #TIME_FIELDS}), DOUBLE_ARRAY as a DOUBLE[] list. Two
 * fields of the built-in schemas get a narrower type so that
 * the files read naturally in pandas/polars: {@code trades.side} is TINYINT (+1 buy, -1 sell, as
 * {@link io.featurizer.core.event.Side}) and {@code l2_book.is_snapshot} is BOOLEAN.
 */
public final class BlockLayout {
    /** One Parquet column: its name and DuckDB SQL type. */
    public record Column(String name, String sqlType) {
    }

    public static final String TIMESTAMP = "timestamp";
    public static final String RECEIPT_TIMESTAMP = "receipt_timestamp";
    public static final String SEQ = "seq";
    private static final Set<String> RESERVED = Set.of(TIMESTAMP, RECEIPT_TIMESTAMP, SEQ);
    /**
     * LONG fields that hold an instant (ns since the epoch) and are stored as TIMESTAMP_NS like {@code timestamp}: the
     * emitting input's time that the feature cache keeps with each computed output. By name, since a schema field
     * has no unit; a duration or count must not be named so.
     */
    public static final Set<String> TIME_FIELDS = Set.of("input_time");

    private final Schema schema;
    private final List<Column> columns;
    private final String selectList;

    private BlockLayout(Schema schema) {
        this.schema = schema;
        List<Column> cols = new ArrayList<>();
        cols.add(new Column(TIMESTAMP, ColumnKind.TIMESTAMP_NS.sqlType));
        cols.add(new Column(RECEIPT_TIMESTAMP, ColumnKind.TIMESTAMP_NS.sqlType));
        cols.add(new Column(SEQ, "BIGINT"));
        for (int i = 0; i < schema.size(); i++) {
            String name = schema.field(i).name();
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException("schema " + schema.name() + ": field '" + name
                        + "' clashes with a block column; reserved: " + RESERVED);
            }
            cols.add(new Column(name, sqlType(schema, i)));
        }
        this.columns = List.copyOf(cols);
        this.selectList = quotedNames(columns);
    }

    /** Whether a column of that name holds an instant in ns (TIMESTAMP_NS): the two event times and {@link #TIME_FIELDS}. */
    public static boolean isTimeColumn(String name) {
        return name.equals(TIMESTAMP) || name.equals(RECEIPT_TIMESTAMP) || TIME_FIELDS.contains(name);
    }

    public static BlockLayout of(Schema schema) {
        return new BlockLayout(schema);
    }

    private static String sqlType(Schema schema, int field) {
        if ((schema.equals(Trade.SCHEMA) && field == Trade.SIDE.index()) || (schema.equals(Liquidation.SCHEMA) && field == Liquidation.SIDE.index())) {
            return "TINYINT";
        }
        if (schema.equals(BookUpdate.SCHEMA) && field == BookUpdate.IS_SNAPSHOT.index()) {
            return "BOOLEAN";
        }
        FieldType t = schema.type(field);
        return switch (t) {
            case DOUBLE -> "DOUBLE";
            case LONG -> TIME_FIELDS.contains(schema.field(field).name()) ? ColumnKind.TIMESTAMP_NS.sqlType : "BIGINT";
            case DOUBLE_ARRAY -> "DOUBLE[]";
        };
    }

    public Schema schema() {
        return schema;
    }

    /** The columns in file order: the three event columns, then the schema's fields. */
    public List<Column> columns() {
        return columns;
    }

    private static String quotedNames(List<Column> cols) {
        StringBuilder sb = new StringBuilder();
        for (Column c : cols) {
            sb.append(sb.length() == 0 ? "" : ", ").append(DuckDb.identifier(c.name()));
        }
        return sb.toString();
    }

    /** How each column is stored in Parquet, in file order. */
    ColumnKind[] kinds() {
        ColumnKind[] kinds = new ColumnKind[columns.size()];
        for (int c = 0; c < kinds.length; c++) {
            kinds[c] = ColumnKind.of(columns.get(c));
        }
        return kinds;
    }

    /** The quoted column names, comma-separated, in file order. */
    public String selectList() {
        return selectList;
    }
}

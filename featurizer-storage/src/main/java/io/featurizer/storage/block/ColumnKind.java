package io.featurizer.storage.block;

/**
 * How one {@link BlockLayout} column is stored in Parquet: its physical type and annotations,
 * chosen to be what DuckDB itself writes for the column's SQL type (all columns OPTIONAL, lists in
 * the standard three-level form), so the files read back as the same SQL types everywhere.
 */
enum ColumnKind {
    /** BIGINT: INT64 (converted type INT_64). */
    INT64("BIGINT", ParquetFormat.TYPE_INT64),
    /**
     * An instant as ns since the epoch: INT64 annotated TIMESTAMP(unit=NANOS), as DuckDB writes TIMESTAMP_NS
     * ({@link ParquetFormat#TIMESTAMPS_ADJUSTED_TO_UTC}), so pandas, polars and Arrow read datetimes. Blocks written
     * before hold plain BIGINT here; readers take either.
     */
    TIMESTAMP_NS("TIMESTAMP_NS", ParquetFormat.TYPE_INT64),
    /** TINYINT: INT32 annotated INT(8, signed) (converted type INT_8). */
    INT8("TINYINT", ParquetFormat.TYPE_INT32),
    /** BOOLEAN: bit-packed. */
    BOOLEAN("BOOLEAN", ParquetFormat.TYPE_BOOLEAN),
    DOUBLE("DOUBLE", ParquetFormat.TYPE_DOUBLE),
    /** DOUBLE[]: {@code optional group (LIST) { repeated group list { optional double element } }}. */
    DOUBLE_LIST("DOUBLE[]", ParquetFormat.TYPE_DOUBLE);

    final String sqlType;
    /** The Parquet physical type of the (leaf) values. */
    final int physicalType;

    ColumnKind(String sqlType, int physicalType) {
        this.sqlType = sqlType;
        this.physicalType = physicalType;
    }

    /** Whether values are held as longs (else doubles) while a row group is staged or decoded. */
    boolean integral() {
        return this == INT64 || this == TIMESTAMP_NS || this == INT8 || this == BOOLEAN;
    }

    static ColumnKind of(BlockLayout.Column column) {
        return switch (column.sqlType()) {
            case "BIGINT" -> INT64;
            case "TIMESTAMP_NS" -> TIMESTAMP_NS;
            case "TINYINT" -> INT8;
            case "BOOLEAN" -> BOOLEAN;
            case "DOUBLE" -> DOUBLE;
            case "DOUBLE[]" -> DOUBLE_LIST;
            default -> throw new IllegalArgumentException("no Parquet mapping for column " + column.name() + " " + column.sqlType());
        };
    }
}

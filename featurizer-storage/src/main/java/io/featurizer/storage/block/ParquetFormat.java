package io.featurizer.storage.block;

/** Constants of the Parquet format (parquet.thrift) used by the block writer and reader. */
final class ParquetFormat {
    static final byte[] MAGIC = {'P', 'A', 'R', '1'};
    static final int TYPE_BOOLEAN = 0, TYPE_INT32 = 1, TYPE_INT64 = 2, TYPE_FLOAT = 4, TYPE_DOUBLE = 5, TYPE_BYTE_ARRAY = 6;
    static final int REQUIRED = 0, OPTIONAL = 1, REPEATED = 2;
    static final int CONVERTED_LIST = 3, CONVERTED_INT_8 = 15, CONVERTED_INT_16 = 16, CONVERTED_INT_64 = 18;
    /** LogicalType union: TIMESTAMP's field id; TimeUnit union: NANOS's field id. */
    static final int LOGICAL_TIMESTAMP = 8, TIME_UNIT_NANOS = 3;
    /**
     * isAdjustedToUTC of the time columns. The values are UTC instants, but true would cost their nanoseconds in
     * DuckDB (1.4 reads UTC-adjusted timestamps as TIMESTAMP WITH TIME ZONE, microseconds: 10:00:00.123456789 reads
     * as .123456) and DuckDB cannot write it (a TIMESTAMP_NS column is written with false). With false DuckDB reads
     * TIMESTAMP_NS exactly, as it writes it; pandas, polars and Arrow read naive ns datetimes, in UTC by convention.
     */
    static final boolean TIMESTAMPS_ADJUSTED_TO_UTC = false;
    static final int ENCODING_PLAIN = 0, ENCODING_PLAIN_DICTIONARY = 2, ENCODING_RLE = 3, ENCODING_RLE_DICTIONARY = 8;
    static final int CODEC_UNCOMPRESSED = 0, CODEC_SNAPPY = 1, CODEC_ZSTD = 6;
    static final int PAGE_DATA = 0, PAGE_DICTIONARY = 2, PAGE_DATA_V2 = 3;
    /** The writer named in the footer ({@code created_by}), in the "app version x" form readers parse. */
    static final String CREATED_BY = "featurizer version 0.1.0";

    private ParquetFormat() {
    }

    static String typeName(int physicalType) {
        return switch (physicalType) {
            case TYPE_BOOLEAN -> "BOOLEAN";
            case TYPE_INT32 -> "INT32";
            case TYPE_INT64 -> "INT64";
            case 3 -> "INT96";
            case TYPE_FLOAT -> "FLOAT";
            case TYPE_DOUBLE -> "DOUBLE";
            case TYPE_BYTE_ARRAY -> "BYTE_ARRAY";
            case 7 -> "FIXED_LEN_BYTE_ARRAY";
            default -> "type " + physicalType;
        };
    }

    static String codecName(int codec) {
        return switch (codec) {
            case CODEC_UNCOMPRESSED -> "UNCOMPRESSED";
            case CODEC_SNAPPY -> "SNAPPY";
            case 2 -> "GZIP";
            case 4 -> "BROTLI";
            case 5 -> "LZ4";
            case CODEC_ZSTD -> "ZSTD";
            case 7 -> "LZ4_RAW";
            default -> "codec " + codec;
        };
    }
}

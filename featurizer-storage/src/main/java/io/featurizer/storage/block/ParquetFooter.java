package io.featurizer.storage.block;

import static io.featurizer.storage.block.ParquetFormat.*;

import java.util.ArrayList;
import java.util.List;

/**
 * A Parquet file's {@code FileMetaData}, reduced to what blocks need: the leaf columns with their
 * SQL types, and per row group the row count and each column chunk's place, size, codec and
 * statistics. {@link #encode} writes it (Thrift compact, as the footer), {@link #decode} reads it
 * back from any Parquet writer's footer, skipping the fields blocks do not use.
 */
record ParquetFooter(List<Leaf> leaves, long numRows, List<RowGroup> rowGroups) {

    /**
     * A leaf column, named by its top-level column. {@code sqlType} is the top-level column's type as
     * DuckDB would show it ("DOUBLE[]" for a standard list of doubles; something else, never a block
     * type, for a shape blocks do not use). Levels: {@code maxDef}/{@code maxRep}, and for a list the
     * definition level of an empty list.
     */
    record Leaf(String name, int physicalType, String sqlType, boolean list, int maxDef, int maxRep, int emptyListDef) {
    }

    /**
     * One column chunk: codec, level-entry count, byte range ({@code start} = dictionary page or first
     * data page), uncompressed size, statistics min/max as PLAIN bytes (null when absent) and null count (-1 when absent).
     */
    record Chunk(int codec, long numValues, long start, long compressedSize, long uncompressedSize, long dataPageOffset,
            byte[] min, byte[] max, long nullCount) {
    }

    record RowGroup(long numRows, Chunk[] chunks) {
        long compressedSize() {
            long n = 0;
            for (Chunk c : chunks) {
                n += c.compressedSize;
            }
            return n;
        }
    }

    /** Writes the footer of a block with these columns into {@code w} (reset first). */
    static void encode(ThriftWriter w, List<BlockLayout.Column> columns, ColumnKind[] kinds, long numRows, List<RowGroup> rowGroups) {
        w.reset();
        w.begin().i32(1, 1);
        int elements = 1;
        for (ColumnKind k : kinds) {
            elements += k == ColumnKind.DOUBLE_LIST ? 3 : 1;
        }
        w.list(2, ThriftWriter.STRUCT, elements);
        w.begin().i32(3, REQUIRED).string(4, "schema").i32(5, columns.size()).end();
        for (int c = 0; c < kinds.length; c++) {
            encodeSchema(w, columns.get(c).name(), kinds[c]);
        }
        w.i64(3, numRows);
        w.list(4, ThriftWriter.STRUCT, rowGroups.size());
        for (RowGroup g : rowGroups) {
            w.begin().list(1, ThriftWriter.STRUCT, kinds.length);
            long uncompressed = 0;
            for (int c = 0; c < kinds.length; c++) {
                Chunk k = g.chunks[c];
                uncompressed += k.uncompressedSize;
                w.begin().i64(2, k.start).struct(3).i32(1, kinds[c].physicalType);
                w.list(2, ThriftWriter.I32, 2).i32Value(ENCODING_PLAIN).i32Value(ENCODING_RLE);
                String name = columns.get(c).name();
                if (kinds[c] == ColumnKind.DOUBLE_LIST) {
                    w.list(3, ThriftWriter.BINARY, 3).stringValue(name).stringValue("list").stringValue("element");
                } else {
                    w.list(3, ThriftWriter.BINARY, 1).stringValue(name);
                }
                w.i32(4, k.codec).i64(5, k.numValues).i64(6, k.uncompressedSize).i64(7, k.compressedSize).i64(9, k.dataPageOffset);
                if (k.nullCount >= 0 || k.min != null) {
                    // the deprecated max/min (1, 2) too, as parquet-mr does for signed integers: same order, and older readers use only them
                    w.struct(12);
                    if (k.min != null) {
                        w.binary(1, k.max).binary(2, k.min);
                    }
                    if (k.nullCount >= 0) {
                        w.i64(3, k.nullCount);
                    }
                    if (k.min != null) {
                        w.binary(5, k.max).binary(6, k.min);
                    }
                    w.end();
                }
                w.end().end();
            }
            w.i64(2, uncompressed).i64(3, g.numRows).i64(5, g.chunks[0].start).i64(6, g.compressedSize()).end();
        }
        w.string(6, CREATED_BY);
        // min_value/max_value are in each type's defined (signed) order
        w.list(7, ThriftWriter.STRUCT, kinds.length);
        for (int c = 0; c < kinds.length; c++) {
            w.begin().struct(1).end().end();
        }
        w.end();
    }

    private static void encodeSchema(ThriftWriter w, String name, ColumnKind kind) {
        switch (kind) {
            case INT64 -> w.begin().i32(1, TYPE_INT64).i32(3, OPTIONAL).string(4, name).i32(6, CONVERTED_INT_64)
                    .struct(10).struct(10).i8(1, 64).bool(2, true).end().end().end();
            // LogicalType.TIMESTAMP (8) = {1: isAdjustedToUTC, 2: unit = TimeUnit.NANOS (3), an empty struct}; no converted type for nanos
            case TIMESTAMP_NS -> w.begin().i32(1, TYPE_INT64).i32(3, OPTIONAL).string(4, name)
                    .struct(10).struct(LOGICAL_TIMESTAMP).bool(1, TIMESTAMPS_ADJUSTED_TO_UTC).struct(2).struct(TIME_UNIT_NANOS).end().end().end().end().end();
            case INT8 -> w.begin().i32(1, TYPE_INT32).i32(3, OPTIONAL).string(4, name).i32(6, CONVERTED_INT_8)
                    .struct(10).struct(10).i8(1, 8).bool(2, true).end().end().end();
            case BOOLEAN -> w.begin().i32(1, TYPE_BOOLEAN).i32(3, OPTIONAL).string(4, name).end();
            case DOUBLE -> w.begin().i32(1, TYPE_DOUBLE).i32(3, OPTIONAL).string(4, name).end();
            case DOUBLE_LIST -> {
                w.begin().i32(3, OPTIONAL).string(4, name).i32(5, 1).i32(6, CONVERTED_LIST).struct(10).struct(3).end().end().end();
                w.begin().i32(3, REPEATED).string(4, "list").i32(5, 1).end();
                w.begin().i32(1, TYPE_DOUBLE).i32(3, OPTIONAL).string(4, "element").end();
            }
        }
    }

    /** Reads a footer; throws {@link ParquetFormatException} on anything malformed. */
    static ParquetFooter decode(byte[] buf, int from, int limit) {
        ThriftReader r = new ThriftReader(buf, from, limit);
        List<Element> schema = null;
        long numRows = -1;
        List<RowGroup> groups = new ArrayList<>();
        r.begin();
        while (r.nextField()) {
            switch (r.fieldId) {
                case 2 -> {
                    int n = r.list();
                    schema = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        schema.add(Element.decode(r));
                    }
                }
                case 3 -> numRows = r.i64();
                case 4 -> {
                    int n = r.list();
                    for (int i = 0; i < n; i++) {
                        groups.add(decodeRowGroup(r));
                    }
                }
                default -> r.skip();
            }
        }
        if (schema == null || schema.isEmpty() || numRows < 0) {
            throw new ParquetFormatException("footer has no " + (schema == null || schema.isEmpty() ? "schema" : "row count"));
        }
        List<Leaf> leaves = leaves(schema);
        for (RowGroup g : groups) {
            if (g.chunks.length != leaves.size()) {
                throw new ParquetFormatException("a row group has " + g.chunks.length + " column chunks for " + leaves.size() + " columns");
            }
        }
        return new ParquetFooter(leaves, numRows, groups);
    }

    private static RowGroup decodeRowGroup(ThriftReader r) {
        List<Chunk> chunks = new ArrayList<>();
        long rows = -1;
        r.begin();
        while (r.nextField()) {
            switch (r.fieldId) {
                case 1 -> {
                    int n = r.list();
                    for (int i = 0; i < n; i++) {
                        chunks.add(decodeChunk(r));
                    }
                }
                case 3 -> rows = r.i64();
                default -> r.skip();
            }
        }
        if (rows < 0) {
            throw new ParquetFormatException("a row group has no row count");
        }
        return new RowGroup(rows, chunks.toArray(new Chunk[0]));
    }

    private static Chunk decodeChunk(ThriftReader r) {
        Chunk meta = null;
        r.begin();
        while (r.nextField()) {
            if (r.fieldId == 3 && r.fieldType == ThriftWriter.STRUCT) {
                meta = decodeColumnMeta(r);
            } else {
                r.skip();
            }
        }
        if (meta == null) {
            throw new ParquetFormatException("a column chunk has no metadata (chunks in other files are not supported)");
        }
        return meta;
    }

    private static Chunk decodeColumnMeta(ThriftReader r) {
        int codec = -1;
        long values = -1, uncompressed = -1, compressed = -1, dataPage = -1, dictPage = -1, nullCount = -1;
        byte[] min = null, max = null, legacyMin = null, legacyMax = null;
        r.begin();
        while (r.nextField()) {
            switch (r.fieldId) {
                case 4 -> codec = r.i32();
                case 5 -> values = r.i64();
                case 6 -> uncompressed = r.i64();
                case 7 -> compressed = r.i64();
                case 9 -> dataPage = r.i64();
                case 11 -> dictPage = r.i64();
                case 12 -> {
                    r.begin();
                    while (r.nextField()) {
                        switch (r.fieldId) {
                            case 1 -> legacyMax = r.binary();
                            case 2 -> legacyMin = r.binary();
                            case 3 -> nullCount = r.i64();
                            case 5 -> max = r.binary();
                            case 6 -> min = r.binary();
                            default -> r.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        if (codec < 0 || values < 0 || compressed < 0 || dataPage < 0) {
            throw new ParquetFormatException("column metadata lacks codec, value count, size or data page offset");
        }
        long start = dictPage > 0 && dictPage < dataPage ? dictPage : dataPage;
        if (min == null || max == null) { // older writers: the deprecated signed min/max
            min = legacyMin;
            max = legacyMax;
        }
        return new Chunk(codec, values, start, compressed, uncompressed, dataPage, min, max, nullCount);
    }

    /** One SchemaElement, as read. */
    private record Element(int type, int repetition, String name, int children, int converted, int logical, int intBits, boolean intSigned,
            int timeUnit) {
        static Element decode(ThriftReader r) {
            int type = -1, repetition = REQUIRED, children = 0, converted = -1, logical = -1, bits = 0, unit = -1;
            boolean signed = true;
            String name = null;
            r.begin();
            while (r.nextField()) {
                switch (r.fieldId) {
                    case 1 -> type = r.i32();
                    case 3 -> repetition = r.i32();
                    case 4 -> name = r.string();
                    case 5 -> children = r.i32();
                    case 6 -> converted = r.i32();
                    case 10 -> {
                        r.begin(); // LogicalType: a union, one field set
                        while (r.nextField()) {
                            logical = r.fieldId;
                            if (r.fieldId == 10 && r.fieldType == ThriftWriter.STRUCT) {
                                r.begin();
                                while (r.nextField()) {
                                    if (r.fieldId == 1 && r.fieldType == ThriftWriter.I8) {
                                        bits = r.i8();
                                    } else if (r.fieldId == 2) {
                                        signed = r.bool();
                                    } else {
                                        r.skip();
                                    }
                                }
                            } else if (r.fieldId == LOGICAL_TIMESTAMP && r.fieldType == ThriftWriter.STRUCT) {
                                unit = decodeTimeUnit(r);
                            } else {
                                r.skip();
                            }
                        }
                    }
                    default -> r.skip();
                }
            }
            if (name == null || children < 0) {
                throw new ParquetFormatException("a schema element has no name or a negative child count");
            }
            return new Element(type, repetition, name, children, converted, logical, bits, signed, unit);
        }

        /** A TimestampType's unit: the id of the TimeUnit union's field that is set (1 millis, 2 micros, 3 nanos), -1 if none. */
        private static int decodeTimeUnit(ThriftReader r) {
            int unit = -1;
            r.begin();
            while (r.nextField()) {
                if (r.fieldId == 2 && r.fieldType == ThriftWriter.STRUCT) {
                    r.begin();
                    while (r.nextField()) {
                        unit = r.fieldId;
                        r.skip();
                    }
                } else {
                    r.skip(); // isAdjustedToUTC: an instant either way, blocks hold UTC ns
                }
            }
            return unit;
        }

        boolean isList() {
            return converted == CONVERTED_LIST || logical == 3;
        }
    }

    /** The leaves in file (depth-first) order, each with its top-level column's name and SQL type. */
    private static List<Leaf> leaves(List<Element> schema) {
        List<Leaf> out = new ArrayList<>();
        int[] next = {1};
        for (int c = 0; c < schema.get(0).children; c++) {
            int top = next[0];
            if (top >= schema.size()) {
                throw new ParquetFormatException("schema has fewer elements than its root declares children");
            }
            Element e = schema.get(top);
            List<int[]> paths = new ArrayList<>(); // per leaf: element index, def, rep
            collect(schema, next, 0, 0, paths, 0);
            String sql;
            boolean list = false;
            int emptyListDef = -1;
            Element leaf = schema.get(paths.get(0)[0]);
            if (e.children == 0) {
                sql = e.repetition == REPEATED ? "REPEATED " + scalarSql(e) : scalarSql(e);
            } else if (e.isList() && paths.size() == 1 && paths.get(0)[0] == top + 2 && schema.get(top + 1).repetition == REPEATED
                    && e.repetition != REPEATED && leaf.repetition != REPEATED) {
                sql = scalarSql(leaf) + "[]";
                list = true;
                emptyListDef = e.repetition == OPTIONAL ? 1 : 0;
            } else {
                sql = "STRUCT";
            }
            for (int[] p : paths) {
                out.add(new Leaf(e.name, schema.get(p[0]).type, sql, list, p[1], p[2], emptyListDef));
            }
        }
        return out;
    }

    private static void collect(List<Element> schema, int[] next, int def, int rep, List<int[]> paths, int depth) {
        if (next[0] >= schema.size() || depth > 32) {
            throw new ParquetFormatException("schema tree is truncated or too deep");
        }
        int i = next[0]++;
        Element e = schema.get(i);
        int d = def + (e.repetition == REQUIRED ? 0 : 1);
        int r = rep + (e.repetition == REPEATED ? 1 : 0);
        if (e.children == 0) {
            paths.add(new int[] {i, d, r});
        }
        for (int k = 0; k < e.children; k++) {
            collect(schema, next, d, r, paths, depth + 1);
        }
    }

    private static String scalarSql(Element e) {
        if (e.logical == 10 && e.intBits > 0) {
            String base = switch (e.intBits) {
                case 8 -> "TINYINT";
                case 16 -> "SMALLINT";
                case 32 -> "INTEGER";
                default -> "BIGINT";
            };
            return e.intSigned ? base : "U" + base;
        }
        if (e.logical > 0 && e.logical != 10) {
            return switch (e.logical) {
                case 1 -> "VARCHAR";
                case 5 -> "DECIMAL";
                case 6 -> "DATE";
                case 7 -> "TIME";
                case LOGICAL_TIMESTAMP -> e.type == TYPE_INT64 && e.timeUnit == TIME_UNIT_NANOS ? ColumnKind.TIMESTAMP_NS.sqlType : "TIMESTAMP";
                default -> "logical type " + e.logical;
            };
        }
        return switch (e.converted) {
            case CONVERTED_INT_8 -> "TINYINT";
            case CONVERTED_INT_16 -> "SMALLINT";
            case 17 -> "INTEGER";
            case CONVERTED_INT_64 -> "BIGINT";
            case 11, 12, 13, 14 -> "UNSIGNED";
            case 0 -> "VARCHAR";
            case 5 -> "DECIMAL";
            case 6 -> "DATE";
            case 9, 10 -> "TIMESTAMP";
            default -> switch (e.type) {
                case TYPE_BOOLEAN -> "BOOLEAN";
                case TYPE_INT32 -> "INTEGER";
                case TYPE_INT64 -> "BIGINT";
                case TYPE_FLOAT -> "FLOAT";
                case TYPE_DOUBLE -> "DOUBLE";
                case TYPE_BYTE_ARRAY -> "BLOB";
                default -> typeName(e.type);
            };
        };
    }
}

package io.featurizer.storage.ingest;

import io.featurizer.core.text.Decimals;
import java.nio.charset.StandardCharsets;

/**
 * Typed reads of the current line's cells, failing with a {@link BadRowException} that names the column,
 * shows the value and says what was expected.
 */
final class Cells {
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);

    private Cells() {
    }

    /** A finite decimal number (see {@link Decimals}). */
    static double decimal(CsvLineScanner row, int field, String column) throws BadRowException {
        double v;
        try {
            v = Decimals.parse(row.buffer(), row.start(field), row.end(field));
        } catch (NumberFormatException e) {
            throw BadRowException.field(column, row.text(field), "expected a decimal number");
        }
        if (Double.isInfinite(v)) {
            throw BadRowException.field(column, row.text(field), "expected a decimal number within double range");
        }
        return v;
    }

    /** A finite decimal number that is not negative (sizes, amounts). */
    static double size(CsvLineScanner row, int field, String column) throws BadRowException {
        double v = decimal(row, field, column);
        if (v < 0) {
            throw BadRowException.field(column, row.text(field), "expected a size >= 0");
        }
        return v;
    }

    /** A decimal number, or NaN for an empty cell. */
    static double decimalOrNaN(CsvLineScanner row, int field, String column) throws BadRowException {
        return row.isEmpty(field) ? Double.NaN : decimal(row, field, column);
    }

    /** A non-negative integer of up to 18 digits (timestamps, ids). */
    static long integer(CsvLineScanner row, int field, String column) throws BadRowException {
        byte[] b = row.buffer();
        int s = row.start(field);
        int e = row.end(field);
        if (e == s || e - s > 18) {
            throw BadRowException.field(column, row.text(field), "expected an integer of 1 to 18 digits");
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw BadRowException.field(column, row.text(field), "expected an integer of 1 to 18 digits");
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Microseconds since the epoch, as nanoseconds. */
    static long microsAsNanos(CsvLineScanner row, int field, String column) throws BadRowException {
        long us = integer(row, field, column);
        if (us > Long.MAX_VALUE / 1000) {
            throw BadRowException.field(column, row.text(field), "expected microseconds since 1970 (at most 16 digits)");
        }
        return us * 1000;
    }

    /** {@code true} or {@code false}. */
    static boolean bool(CsvLineScanner row, int field, String column) throws BadRowException {
        if (row.is(field, TRUE)) {
            return true;
        }
        if (row.is(field, FALSE)) {
            return false;
        }
        throw BadRowException.field(column, row.text(field), "expected true or false");
    }
}

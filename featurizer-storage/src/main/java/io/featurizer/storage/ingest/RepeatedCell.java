package io.featurizer.storage.ingest;

/**
 * A numeric cell that often repeats the previous row's text (the timestamps of rows of one message):
 * parsed only when its bytes change, else the cached value is returned. A row's text equal to a
 * previously parsed one is valid, so every row stays checked.
 */
final class RepeatedCell {
    private final String column;
    private byte[] last = new byte[32];
    private int length = -1;
    private long value;

    RepeatedCell(String column) {
        this.column = column;
    }

    /** Microseconds since the epoch in the cell, as nanoseconds. */
    long microsAsNanos(CsvLineScanner row, int field) throws BadRowException {
        if (row.equalTo(field, last, length)) {
            return value;
        }
        long v = Cells.microsAsNanos(row, field, column);
        last = row.copy(field, last);
        length = row.length(field);
        value = v;
        return v;
    }
}

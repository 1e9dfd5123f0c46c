package io.featurizer.storage.ingest;

/**
 * Parses CoinAPI/Cryptotick time cells to epoch nanoseconds: a UTC date-time
 * {@code 2018-09-01T00:00:03.9320000} (optional {@code Z}, 0 to 9 fraction digits) or a time of day
 * {@code 00:00:03.9320000}, placed on the calendar by a {@link DayClock}.
 */
final class CoinApiTimes {
    private static final String EXPECTED = "expected a UTC time like 2023-02-01T00:00:03.9320000 or 00:00:03.9320000";

    private CoinApiTimes() {
    }

    static long parse(CsvLineScanner row, int field, String column, DayClock clock) throws BadRowException, IngestException {
        byte[] b = row.buffer();
        int s = row.start(field);
        int e = row.end(field);
        if (e > s && b[e - 1] == 'Z') {
            e--;
        }
        if (e - s >= 10 && b[s + 4] == '-') {
            if (e - s < 19 || b[s + 7] != '-' || b[s + 10] != 'T') {
                throw BadRowException.field(column, row.text(field), EXPECTED);
            }
            int year = digits(b, s, 4, row, field, column);
            int month = digits(b, s + 5, 2, row, field, column);
            int day = digits(b, s + 8, 2, row, field, column);
            if (month < 1 || month > 12 || day < 1 || day > 31) {
                throw BadRowException.field(column, row.text(field), EXPECTED);
            }
            return epochDay(year, month, day) * DayClock.DAY + timeOfDay(b, s + 11, e, row, field, column);
        }
        return clock.resolve(timeOfDay(b, s, e, row, field, column));
    }

    /** {@code HH:MM:SS[.fffffffff]} as nanoseconds since midnight. */
    private static long timeOfDay(byte[] b, int s, int e, CsvLineScanner row, int field, String column) throws BadRowException {
        if (e - s < 8 || b[s + 2] != ':' || b[s + 5] != ':') {
            throw BadRowException.field(column, row.text(field), EXPECTED);
        }
        int h = digits(b, s, 2, row, field, column);
        int m = digits(b, s + 3, 2, row, field, column);
        int sec = digits(b, s + 6, 2, row, field, column);
        if (h > 23 || m > 59 || sec > 60) {
            throw BadRowException.field(column, row.text(field), EXPECTED);
        }
        long nanos = 0;
        int i = s + 8;
        if (i < e) {
            if (b[i] != '.' || e - i - 1 > 9 || e - i - 1 == 0) {
                throw BadRowException.field(column, row.text(field), EXPECTED);
            }
            long scale = 100_000_000L;
            for (i++; i < e; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    throw BadRowException.field(column, row.text(field), EXPECTED);
                }
                nanos += d * scale;
                scale /= 10;
            }
        }
        return ((h * 60L + m) * 60L + sec) * 1_000_000_000L + nanos;
    }

    private static int digits(byte[] b, int s, int n, CsvLineScanner row, int field, String column) throws BadRowException {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw BadRowException.field(column, row.text(field), EXPECTED);
            }
            v = v * 10 + d;
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yoe = y - era * 400;
        int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097L + doe - 719468;
    }
}

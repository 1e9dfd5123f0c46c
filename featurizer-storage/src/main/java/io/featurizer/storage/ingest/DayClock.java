package io.featurizer.storage.ingest;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Puts the time-of-day stamps of a CoinAPI/Cryptotick book file ({@code HH:MM:SS.fffffff}, no date) on
 * the calendar. The file's day (and start hour, for hourly files) comes from its path. Rows run forward in
 * time, so: the first stamp belongs to the file's day unless it is more than 12 h after the start hour
 * (the opening snapshot is stamped with the previous day's close, e.g. 23:59:59.999 → the day before) or
 * more than 12 h before it (→ the day after); afterwards a stamp more than 12 h earlier than the previous
 * one has crossed midnight (next day), and one more than 12 h later went back across it (previous day).
 * One clock per time column.
 */
final class DayClock {
    static final long HOUR = 3_600_000_000_000L;
    static final long DAY = 24 * HOUR;
    private static final long HALF_DAY = 12 * HOUR;

    private final Path path;
    private final long dayStart;
    private final long startOfFile;
    private final boolean known;
    private boolean started;
    private long offset;
    private long last;

    /** {@code day} null when the path names none: then a time-of-day stamp is a file-level error. */
    DayClock(Path path, LocalDate day, int startHour) {
        this.path = path;
        this.known = day != null;
        this.dayStart = day == null ? 0 : day.toEpochDay() * DAY;
        this.startOfFile = startHour * HOUR;
    }

    /** Epoch nanoseconds of a time of day (nanoseconds since midnight). */
    long resolve(long timeOfDay) throws IngestException {
        if (!known) {
            throw new IngestException(path, 0, "rows are stamped with a time of day only",
                    "expected the file's day in its path (e.g. limitbook_full/20230201/BINANCE_SPOT_BTC_USDT.csv.gz or D-2023020100) "
                            + "or given explicitly");
        }
        if (!started) {
            started = true;
            if (timeOfDay - startOfFile > HALF_DAY) {
                offset = -DAY;
            } else if (startOfFile - timeOfDay > HALF_DAY) {
                offset = DAY;
            }
        } else if (timeOfDay < last - HALF_DAY) {
            offset += DAY;
        } else if (timeOfDay > last + HALF_DAY) {
            offset -= DAY;
        }
        last = timeOfDay;
        return dayStart + offset + timeOfDay;
    }
}

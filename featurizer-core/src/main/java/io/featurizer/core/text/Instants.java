package io.featurizer.core.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A time given by a user (a config's dates, {@code --from}/{@code --to}, {@code ?at=} of the point-in-time API), as ns
 * since the epoch: one reading everywhere: ISO-8601 in UTC unless it carries an offset
 * ({@code 2023-02-01T10:00:00.123Z}, {@code 2023-02-01 10:00:00}, {@code 2023-02-01T11:00:00+01:00},
 * {@code 2023-02-01} = midnight UTC), or an integer: epoch milliseconds below 10^15 (those past the year 2262 do not fit in ns and are refused),
 * epoch nanoseconds from there on (10^15 ns is only 11.6 days after 1970, so the two never meet on real data).
 */
public final class Instants {
    /** Integers below this are milliseconds, at or above it nanoseconds. */
    public static final long NANOS_FROM = 1_000_000_000_000_000L;

    private Instants() {
    }

    /** @throws IllegalArgumentException saying what was expected (the caller adds where: the option, the config key, the 400 answer) */
    public static long parseNanos(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a time is required: " + FORMATS);
        }
        String s = text.trim();
        try {
            if (s.matches("-?\\d+")) {
                long n = Long.parseLong(s);
                return Math.abs(n) < NANOS_FROM ? Math.multiplyExact(n, 1_000_000L) : n;
            }
            Instant instant;
            if (s.length() == 10) {
                instant = LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } else {
                String iso = s.replace(' ', 'T');
                try {
                    instant = OffsetDateTime.parse(iso).toInstant();
                } catch (DateTimeException e) {
                    instant = LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
                }
            }
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: " + FORMATS);
        }
    }

    private static final String FORMATS = "expected ISO-8601 UTC like 2023-02-01T10:00:00.5Z, '2023-02-01 10:00:00' or 2023-02-01 "
            + "(midnight), or an integer: epoch milliseconds (below 10^15) or epoch nanoseconds";
}

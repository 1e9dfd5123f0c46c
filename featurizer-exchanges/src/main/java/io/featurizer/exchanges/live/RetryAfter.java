package io.featurizer.exchanges.live;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** HTTP {@code Retry-After} (RFC 9110 §10.2.3): delay-seconds or an HTTP date. */
final class RetryAfter {
    /** Longest wait honoured (Binance bans last from 2 minutes to 3 days; we retry after at most an hour). */
    static final long MAX_MILLIS = 3_600_000;

    private RetryAfter() {
    }

    /** The wait in ms a header value asks for, 0 when absent or unreadable. */
    static long millis(String value, long nowEpochMillis) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = value.trim();
        try {
            return Math.min(MAX_MILLIS, Math.max(0, Long.parseLong(v) * 1000));
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.min(MAX_MILLIS, Math.max(0, at - nowEpochMillis));
            } catch (DateTimeParseException notADate) {
                return 0;
            }
        }
    }
}

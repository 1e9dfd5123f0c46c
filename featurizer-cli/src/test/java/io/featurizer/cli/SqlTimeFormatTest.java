package io.featurizer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** How {@code featurizer sql} prints a TIMESTAMP_NS: its wall-clock fields, fraction without trailing zeros, in any JVM zone. */
class SqlTimeFormatTest {
    @Test
    void printsTheWallClockWithTheFractionTrimmed() {
        assertEquals("2020-04-01 00:00:01", SqlCommand.time(LocalDateTime.of(2020, 4, 1, 0, 0, 1)));
        assertEquals("2020-04-01 00:00:00.245", SqlCommand.time(LocalDateTime.of(2020, 4, 1, 0, 0, 0, 245_000_000)));
        assertEquals("2023-02-01 10:00:00.123456789", SqlCommand.time(LocalDateTime.of(2023, 2, 1, 10, 0, 0, 123_456_789)));
        assertEquals("1969-12-31 23:59:59.000000001", SqlCommand.time(LocalDateTime.of(1969, 12, 31, 23, 59, 59, 1)));
    }

    @Test
    void aTimeInADaylightSavingGapOfTheJvmZoneIsPrintedAsStored() throws Exception {
        TimeZone saved = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("America/New_York")); // 02:30 on 2023-03-12 does not exist there
        try (var c = java.sql.DriverManager.getConnection("jdbc:duckdb:"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT '2023-03-12 02:30:00.000000001'::TIMESTAMP_NS")) {
            rs.next();
            assertEquals("2023-03-12 02:30:00.000000001", SqlCommand.time(rs.getObject(1, LocalDateTime.class)));
        } finally {
            TimeZone.setDefault(saved);
        }
    }
}

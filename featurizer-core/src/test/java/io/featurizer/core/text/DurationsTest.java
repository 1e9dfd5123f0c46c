package io.featurizer.core.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The config's duration strings (DESIGN.md section 9: 500ms, 1s, 1m, 1h, 1d). */
class DurationsTest {
    @ParameterizedTest
    @CsvSource({
            "500ms, 500000000",
            "1s, 1000000000",
            "30s, 30000000000",
            "1m, 60000000000",
            "5m, 300000000000",
            "1h, 3600000000000",
            "1d, 86400000000000",
            "1100ms, 1100000000",
            "5100ms, 5100000000",
            "10us, 10000",
            "7ns, 7",
            "1.5s, 1500000000",
            "0.5m, 30000000000",
            "' 2s ', 2000000000",
            "'3 s', 3000000000",
    })
    void parses(String text, long nanos) {
        assertEquals(nanos, Durations.parseNanos(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1x", "1", "s", "m1", "-1s", "1 sec", "1S", "1M", "1e3ms", "1s2", "one second"})
    void rejectsOtherForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("duration like"), e.getMessage());
        assertTrue(e.getMessage().contains(Durations.EXPECTED), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    void rejectsNothing(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertTrue(e.getMessage().contains("duration like"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "0ms", "0.0000000001s", "0.1ns"})
    void rejectsZero(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text));
        assertTrue(e.getMessage().contains("positive"), e.getMessage());
    }

    /** A duration past ~292 years does not fit in a long of nanoseconds; it must be refused, not clamped to Long.MAX_VALUE. */
    @ParameterizedTest
    @ValueSource(strings = {"1000000d", "300000000000h", "99999999999999999999s"})
    void rejectsDurationsThatOverflow(String text) {
        assertThrows(IllegalArgumentException.class, () -> Durations.parseNanos(text),
                () -> text + " parsed to " + Durations.parseNanos(text));
    }

    @ParameterizedTest
    @CsvSource({
            "60000000000, 1m",
            "86400000000000, 1d",
            "3600000000000, 1h",
            "1500000000, 1500ms",
            "1100000000, 1100ms",
            "30000000000, 30s",
            "1000, 1us",
            "1001, 1001ns",
            "90000000000, 90s",
    })
    void formatsWithTheLargestExactUnit(long nanos, String text) {
        assertEquals(text, Durations.format(nanos));
        assertEquals(nanos, Durations.parseNanos(text));
    }

    @Test
    void roundTrips() {
        long[] samples = {1, 999, 1_000_000, 1_234_567_891, 59_000_000_000L, 7 * 86_400_000_000_000L, 123_456_789_000L};
        for (long n : samples) {
            assertEquals(n, Durations.parseNanos(Durations.format(n)), Durations.format(n));
        }
    }
}

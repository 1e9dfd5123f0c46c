package io.featurizer.core.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One reading of a user's time for configs, the CLI and the HTTP API; expected values worked by hand. */
class InstantsTest {
    // 2023-02-01T10:00:00Z: 19,389 days after 1970-01-01 (1,675,209,600 s) plus 36,000 s
    private static final long TEN_AM = 1_675_245_600_000_000_000L;

    @Test
    void isoFormsInUtcUnlessAnOffsetIsGiven() {
        assertEquals(TEN_AM, Instants.parseNanos("2023-02-01T10:00:00Z"));
        assertEquals(TEN_AM, Instants.parseNanos("2023-02-01 10:00:00"));
        assertEquals(TEN_AM, Instants.parseNanos(" 2023-02-01T11:00:00+01:00 "));
        assertEquals(TEN_AM + 500_000_000L, Instants.parseNanos("2023-02-01T10:00:00.5Z"));
        assertEquals(1_675_209_600_000_000_000L, Instants.parseNanos("2023-02-01"), "a date is its midnight UTC");
    }

    @Test
    void integersAreMillisecondsBelowTenToTheFifteenElseNanoseconds() {
        assertEquals(TEN_AM, Instants.parseNanos("1675245600000"));
        assertEquals(TEN_AM + 1, Instants.parseNanos("1675245600000000001"));
        assertEquals(9_000_000_000_000L * 1_000_000L, Instants.parseNanos("9000000000000"), "ms up to the year 2262 fit in ns");
        assertEquals(1_000_000_000_000_000L, Instants.parseNanos("1000000000000000"));
        assertEquals(-1_000_000L, Instants.parseNanos("-1"));
    }

    @Test
    void anythingElseSaysWhatIsExpected() {
        for (String bad : new String[] {"yesterday", "2023-02-30", "2023-02-01 25:00:00", "99999999999999999999", "999999999999999", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Instants.parseNanos(bad), bad);
            assertTrue(e.getMessage().contains("expected ISO-8601") || e.getMessage().contains("a time is required"), e.getMessage());
        }
    }
}

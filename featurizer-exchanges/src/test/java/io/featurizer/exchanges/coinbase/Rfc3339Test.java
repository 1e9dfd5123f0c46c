package io.featurizer.exchanges.coinbase;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The arithmetic RFC 3339 parser and formatter against java.time. */
class Rfc3339Test {
    static long parse(String s) {
        byte[] c = ("##" + s + "##").getBytes(java.nio.charset.StandardCharsets.UTF_8); // inside a larger buffer
        return Rfc3339.parse(c, 2, s.length());
    }

    static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void coinbaseForms() {
        assertEquals(1_775_572_200_123_456_000L, parse("2026-04-07T14:30:00.123456Z"));
        assertEquals(1_687_552_286_122_969_572L, parse("2023-06-23T20:31:26.122969572Z"));
        assertEquals(1_687_552_286_000_000_000L, parse("2023-06-23T20:31:26Z"));
        assertEquals(1_687_552_286_100_000_000L, parse("2023-06-23T20:31:26.1Z"));
        assertEquals(1_687_552_286_123_456_789L, parse("2023-06-23T20:31:26.1234567891234Z")); // truncated past ns
        assertEquals(1_687_552_286_000_000_000L, parse("2023-06-23 20:31:26+00:00"));
        assertEquals(1_687_552_286_000_000_000L, parse("2023-06-23T22:31:26+02:00"));
        assertEquals(1_687_552_286_000_000_000L, parse("2023-06-23T18:01:26-0230"));
        assertEquals(1_687_552_286_000_000_000L, parse("2023-06-23T20:31:26")); // no zone: UTC
        assertEquals(0L, parse("1970-01-01T00:00:00Z"));
        assertEquals(-1_000_000_000L, parse("1969-12-31T23:59:59Z"));
        assertEquals(951_782_400_000_000_000L, parse("2000-02-29T00:00:00Z"));
    }

    @Test
    void invalid() {
        for (String s : new String[] {"", "2026-04-07", "2026-04-07T14:30:00.Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
                "2026-04-07T24:00:00Z", "2026-04-07X14:30:00Z", "2026-04-07T14:30:00ZZ", "2026-04-07T14:30:00+2", "2026/04/07T14:30:00Z",
                "2026-04-07T14:30:00 +0000 UTC", "2026-04-07T14:3a:00Z"}) {
            assertEquals(Rfc3339.INVALID, parse(s), s);
        }
    }

    @Test
    void agreesWithJavaTime() {
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 100_000; i++) {
            long seconds = r.nextLong(-2_000_000_000L, 8_000_000_000L);
            int nano = r.nextInt(1_000_000_000);
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            String iso = instant.toString(); // java.time's own ISO form, 0/3/6/9 fraction digits
            assertEquals(nanos(instant), parse(iso), iso);
            String formatted = Rfc3339.format(nanos(instant));
            assertEquals(instant, Instant.parse(formatted), formatted);
            assertEquals(nanos(instant), parse(formatted), formatted);
            int offsetMinutes = r.nextInt(-12 * 60, 14 * 60 + 1);
            String zoned = OffsetDateTime.ofInstant(instant, java.time.ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).toString();
            assertEquals(nanos(instant), parse(zoned), zoned);
        }
    }
}

package io.featurizer.exchanges.okx;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OkxDecimalTest {
    @Test
    void shortestPlainDecimals() {
        assertEquals("8477", OkxDecimal.toString(8477.0));
        assertEquals("8476.98", OkxDecimal.toString(8476.98));
        assertEquals("0.1", OkxDecimal.toString(0.1));
        assertEquals("0.00001", OkxDecimal.toString(1e-5));
        assertEquals("0.12060306", OkxDecimal.toString(0.12060306));
        assertEquals("100", OkxDecimal.toString(100.0));
        assertEquals("0", OkxDecimal.toString(0.0));
        assertEquals("0", OkxDecimal.toString(-0.0));
        assertEquals("-2.5", OkxDecimal.toString(-2.5));
        assertEquals("0.00000000000000000001", OkxDecimal.toString(1e-20));
        assertEquals("123456789012345", OkxDecimal.toString(123456789012345.0));
        assertEquals("0.30000000000000004", OkxDecimal.toString(0.1 + 0.2)); // no short form: BigDecimal
        assertEquals("1000000000000000000000", OkxDecimal.toString(1e21)); // beyond the fast range
    }

    @Test
    void fastPathAgreesWithBigDecimalOnRandomDecimals() {
        SplittableRandom r = new SplittableRandom(20240601);
        byte[] out = new byte[OkxDecimal.MAX_FAST_CHARS];
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + r.nextInt(15);
            long m = r.nextLong(1, (long) Math.pow(10, digits));
            int scale = r.nextInt(0, 19);
            double d = new BigDecimal(m).movePointLeft(scale).doubleValue();
            String reference = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            int n = OkxDecimal.writeFast(d, out, 0);
            assertTrue(n > 0, () -> "no fast form for " + reference);
            assertEquals(reference, new String(out, 0, n, StandardCharsets.US_ASCII));
            assertEquals(d, Double.parseDouble(reference));
        }
    }

    @Test
    void doublesFromArithmeticRoundTrip() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            double d = r.nextLong(1, 10_000_000) * 0.01 + r.nextInt(1000) * 0.001;
            String s = OkxDecimal.toString(d);
            assertEquals(BigDecimal.valueOf(d).stripTrailingZeros().toPlainString(), s);
            assertEquals(d, Double.parseDouble(s));
        }
    }

    private static boolean canonical(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.US_ASCII);
        return OkxDecimal.isCanonical(b, 2, s.length());
    }

    @Test
    void canonicalStrings() {
        assertTrue(canonical("8476.98"));
        assertTrue(canonical("8477"));
        assertTrue(canonical("0"));
        assertTrue(canonical("100"));
        assertTrue(canonical("0.00001"));
        assertTrue(canonical("0.12060306"));
        assertTrue(canonical("123456789012345"));
        assertFalse(canonical("0.10"));
        assertFalse(canonical("8477.0"));
        assertFalse(canonical("08"));
        assertFalse(canonical("1e-5"));
        assertFalse(canonical("-1"));
        assertFalse(canonical(".5"));
        assertFalse(canonical("5."));
        assertFalse(canonical(""));
        assertFalse(canonical("1234567890123456")); // 16 significant digits
        assertTrue(canonical("0.000123456789012345")); // 15 significant digits
    }

    private static boolean reproduces(String s) {
        byte[] b = ("x" + s).getBytes(StandardCharsets.US_ASCII);
        return OkxDecimal.reproduces(Double.parseDouble(s), b, 1, s.length());
    }

    @Test
    void longStringsAreCheckedAgainstTheFormattedDouble() {
        assertTrue(reproduces("30000.010000000002")); // what the simulator sends for 3000001 * 0.01
        assertTrue(reproduces("0.30000000000000004"));
        assertFalse(reproduces("0.30000000000000005")); // parses to the same double, written differently
        assertFalse(reproduces("0.10"));
        assertTrue(reproduces("0.1"));
    }

    @Test
    void everyCanonicalStringComesBackFromItsDouble() {
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            int digits = 1 + r.nextInt(15);
            long m = r.nextLong(1, (long) Math.pow(10, digits));
            String s = new BigDecimal(m).movePointLeft(r.nextInt(0, 12)).stripTrailingZeros().toPlainString();
            assertTrue(canonical(s), s);
            assertEquals(s, OkxDecimal.toString(Double.parseDouble(s)));
        }
    }
}

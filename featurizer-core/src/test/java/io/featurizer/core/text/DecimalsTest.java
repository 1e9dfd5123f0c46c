package io.featurizer.core.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecimalsTest {
    private static double parse(String s) {
        byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.US_ASCII);
        return Decimals.parse(b, 2, 2 + s.length());
    }

    private static void assertSameAsJdk(String s) {
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(s)), Double.doubleToRawLongBits(parse(s)), s);
    }

    @Test
    void equalsParseDoubleBitForBitOnManyRandomDecimals() {
        SplittableRandom r = new SplittableRandom(42);
        for (int n = 0; n < 300_000; n++) {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(4) == 0) {
                sb.append('-');
            }
            int intDigits = r.nextInt(0, 12);
            for (int i = 0; i < intDigits; i++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            int fracDigits = r.nextInt(0, 14);
            if (fracDigits > 0 || intDigits == 0) {
                sb.append('.');
                for (int i = 0; i < Math.max(fracDigits, intDigits == 0 ? 1 : 0); i++) {
                    sb.append((char) ('0' + r.nextInt(10)));
                }
            }
            if (r.nextInt(8) == 0) {
                sb.append(r.nextBoolean() ? 'e' : 'E').append(r.nextBoolean() ? "-" : "").append(r.nextInt(0, 30));
            }
            assertSameAsJdk(sb.toString());
        }
    }

    @Test
    void pricesAndSizesAsVendorsWriteThem() {
        SplittableRandom r = new SplittableRandom(7);
        for (int n = 0; n < 200_000; n++) {
            long ticks = r.nextLong(1, 10_000_000_000L);
            int scale = r.nextInt(0, 9);
            String s = java.math.BigDecimal.valueOf(ticks, scale).toPlainString();
            assertSameAsJdk(s);
        }
    }

    @Test
    void edgeCases() {
        for (String s : new String[] {"0", "-0", "0.0", "-0.000", "6421.5", "11657.08", "0.1", "0.3", "1e-8", "1E+5", ".5", "5.",
                "+3.25", "9007199254740992", "9007199254740993", "123456789012345678", "1234567890123456789012",
                "0.000000000000000000000000001", "1e22", "1e23", "1e-22", "1e-23", "4.9e-324", "1.7976931348623157e308",
                "00012.5000", "0.30000000000000004", "2.2250738585072014E-308"}) {
            assertSameAsJdk(s);
        }
    }

    @Test
    void rejectsWhatIsNotADecimal() {
        for (String s : new String[] {"", "-", ".", "abc", "1.2.3", "1e", "1e+", "NaN", "Infinity", "0x10", " 1", "1 ", "1,5", "1d", "--1"}) {
            assertThrows(NumberFormatException.class, () -> parse(s), s);
        }
    }

    /** Through {@link Decimals#parse(CharSequence)}, as venue decoders use it for strings with escapes. */
    static void sameFromText(String text) {
        assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(Decimals.parse(text)), text);
    }

    @Test
    void venueStringsParseExactlyAsTheJdkDoes() {
        for (String s : new String[] {"27450.00", "0.400", "0", "0.0024", "10", "100", "-1.5", "+2.25", "1e-5", "1.5E3", "0.000000001",
                "123456789012.123456", "99999999999999999999", "0.1234567890123456789012", "1e300", "4.9e-324", "00012.50"}) {
            sameFromText(s);
            assertSameAsJdk(s);
        }
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            long units = r.nextLong(1, 10_000_000_000L);
            int decimals = r.nextInt(0, 10);
            assertSameAsJdk(java.math.BigDecimal.valueOf(units, decimals).toPlainString());
        }
    }

    @Test
    void garbageTextIsRejectedWithTheText() {
        for (String s : new String[] {"", "-", "abc", "1.2.3", "12x", "1e", "--1", "1\u0662"}) {
            NumberFormatException e = assertThrows(NumberFormatException.class, () -> Decimals.parse(s), s);
            assertTrue(e.getMessage().contains(s), e.getMessage());
        }
        // a non-ASCII digit is not a digit here (Double.parseDouble rejects it too)
        assertThrows(NumberFormatException.class, () -> Decimals.parse("1\u0662"));
    }
}

package io.featurizer.storage.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}

package io.featurizer.exchanges;

import io.featurizer.exchanges.protocol.Decimals;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DecimalsTest {
    static void same(String text) {
        assertEquals(Double.doubleToLongBits(Double.parseDouble(text)), Double.doubleToLongBits(Decimals.parse(text)), text);
    }

    @Test
    void venueStringsParseExactlyAsTheJdkDoes() {
        for (String s : new String[] {"27450.00", "0.400", "0", "0.0024", "10", "100", "-1.5", "+2.25", "1e-5", "1.5E3", "0.000000001",
                "123456789012.123456", "99999999999999999999", "0.1234567890123456789012", "1e300", "4.9e-324", "00012.50"}) {
            same(s);
        }
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 200_000; i++) {
            long units = r.nextLong(1, 10_000_000_000L);
            int decimals = r.nextInt(0, 10);
            String s = java.math.BigDecimal.valueOf(units, decimals).toPlainString();
            same(s);
        }
    }

    @Test
    void garbageIsRejectedWithTheText() {
        for (String s : new String[] {"", "-", "abc", "1.2.3", "12x", "1e", "--1"}) {
            NumberFormatException e = assertThrows(NumberFormatException.class, () -> Decimals.parse(s), s);
            assertEquals(true, e.getMessage() != null);
        }
    }
}

package io.featurizer.exchanges.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Decimals as numbers or strings (Coinbase sends both), parsed from the frame's bytes or (with escapes) from the decoded text. */
class JsonCursorDecimalTest {
    private static double[] decimals(String json) throws MalformedFrameException {
        byte[] b = ("  " + json).getBytes(StandardCharsets.UTF_8);
        JsonCursor c = new JsonCursor();
        c.reset(b, 2, b.length - 2);
        c.beginObject();
        double[] out = new double[4];
        int n = 0;
        while (c.nextField()) {
            out[n++] = c.readOptionalDecimal();
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void plainStringsNumbersEscapesAndEmpties() throws MalformedFrameException {
        double[] d = decimals("{\"a\":\"27450.01\",\"b\":0.0024,\"c\":\"\\u0031.5\",\"d\":\"\"}");
        assertEquals(27450.01, d[0]);
        assertEquals(0.0024, d[1]);
        assertEquals(1.5, d[2], "an escaped digit is still a digit");
        assertTrue(Double.isNaN(d[3]), "an empty string is no value");
    }

    @Test
    void aNonDecimalStringNamesItsText() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> decimals("{\"a\":\"12x\"}"));
        assertTrue(e.getMessage().contains("'12x' is not a decimal number"), e.getMessage());
    }
}

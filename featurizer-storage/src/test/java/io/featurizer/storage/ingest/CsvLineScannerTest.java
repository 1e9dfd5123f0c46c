package io.featurizer.storage.ingest;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvLineScannerTest {
    private static CsvLineScanner scanner(String text, char sep) {
        return new CsvLineScanner(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), sep);
    }

    @Test
    void splitsLinesAndFieldsWithCrLfBlankLinesAndNoFinalNewline() throws IOException {
        CsvLineScanner s = scanner("a,b,,c\r\n\nx;y,z\n,\nlast,1", ',');
        assertTrue(s.next());
        assertArrayEquals(new String[] {"a", "b", "", "c"}, s.texts());
        assertEquals(1, s.line());
        assertTrue(s.next());
        assertArrayEquals(new String[] {"x;y", "z"}, s.texts());
        assertEquals(3, s.line(), "the blank line 2 is counted");
        assertTrue(s.next());
        assertArrayEquals(new String[] {"", ""}, s.texts());
        assertTrue(s.next());
        assertArrayEquals(new String[] {"last", "1"}, s.texts());
        assertEquals(5, s.line());
        assertFalse(s.next());
    }

    @Test
    void linesLongerThanTheBufferAndManyFields() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            sb.append(i).append(';');
        }
        sb.append("end\nnext\n");
        CsvLineScanner s = scanner(sb.toString(), ';');
        assertTrue(s.next());
        assertEquals(300_001, s.fieldCount());
        assertEquals("123456", s.text(123_456));
        assertEquals("end", s.text(300_000));
        assertTrue(s.next());
        assertEquals("next", s.text(0));
        assertFalse(s.next());
    }

    @Test
    void linesSplitAcrossShortReads() throws IOException {
        byte[] data = "p,q\n1,2\n3,4\n".getBytes(StandardCharsets.US_ASCII);
        InputStream trickle = new InputStream() {
            int i;

            @Override
            public int read() {
                return i < data.length ? data[i++] : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (i >= data.length) {
                    return -1;
                }
                b[off] = data[i++];
                return 1;
            }
        };
        CsvLineScanner s = new CsvLineScanner(trickle, ',');
        StringBuilder seen = new StringBuilder();
        while (s.next()) {
            seen.append(String.join("|", s.texts())).append('/');
        }
        assertEquals("p|q/1|2/3|4/", seen.toString());
    }

    @Test
    void randomTextSplitsLikeAReferenceSplit() throws IOException {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        String alphabet = "ab,,1.\n\n\r;x";
        for (int round = 0; round < 200; round++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(0, 400);
            for (int i = 0; i < len; i++) {
                sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            java.util.List<String> expected = new java.util.ArrayList<>();
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                boolean lastWithoutNewline = i == lines.length - 1;
                if (line.isEmpty() && (lastWithoutNewline || lines[i].isEmpty() || lines[i].equals("\r"))) {
                    continue; // blank lines are skipped (and the empty rest after a final newline is no line)
                }
                expected.add(String.join("|", line.split(",", -1)));
            }
            CsvLineScanner s = scanner(text, ',');
            java.util.List<String> seen = new java.util.ArrayList<>();
            while (s.next()) {
                seen.add(String.join("|", s.texts()));
            }
            assertEquals(expected, seen, text);
        }
    }

    @Test
    void equalToComparesCellsOfAnyLength() throws IOException {
        String[] cells = {"", "a", "bid", "true", "1598918400", "1598918400100000", "binance-futures", "BTC-PERPETUAL-OPTIONS-LONG"};
        CsvLineScanner s = scanner(String.join(",", cells) + "\n", ',');
        assertTrue(s.next());
        for (int i = 0; i < cells.length; i++) {
            for (int j = 0; j < cells.length; j++) {
                byte[] other = (cells[j] + "zz").getBytes(StandardCharsets.US_ASCII);
                assertEquals(i == j, s.equalTo(i, other, cells[j].length()), cells[i] + " vs " + cells[j]);
            }
            byte[] changedLast = (cells[i] + "#").getBytes(StandardCharsets.US_ASCII);
            if (cells[i].length() > 0) {
                changedLast[cells[i].length() - 1] ^= 1;
                assertFalse(s.equalTo(i, changedLast, cells[i].length()), cells[i]);
            }
        }
    }
}

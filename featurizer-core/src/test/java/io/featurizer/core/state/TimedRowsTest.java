package io.featurizer.core.state;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The ring against a plain deque of rows: random appends (some written and not appended), removals, snapshots and restores. */
class TimedRowsTest {

    @Property(tries = 300)
    void behavesLikeADequeOfRows(@ForAll long seed, @ForAll @IntRange(min = 0, max = 4) int width,
                                 @ForAll @IntRange(min = 0, max = 3) int capacityLog) throws IOException {
        Random rnd = new Random(seed);
        TimedRows ring = new TimedRows(width, 1 << capacityLog);
        ArrayDeque<double[]> reference = new ArrayDeque<>(); // per row: the time's bits as a double, then the values
        for (int step = 0; step < 2_000; step++) {
            int what = rnd.nextInt(20);
            if (what < 11) { // append; any long is a time, a NaN's bit pattern too
                long t = rnd.nextInt(4) == 0 ? rnd.nextLong() : step - 1_000L;
                int off = ring.next();
                double[] row = new double[width + 1];
                row[0] = Double.longBitsToDouble(t);
                for (int c = 0; c < width; c++) {
                    row[c + 1] = rnd.nextGaussian();
                    ring.data()[off + c] = row[c + 1];
                }
                if (rnd.nextInt(8) == 0) {
                    continue; // written where the next row goes, never appended: it must not show
                }
                if (rnd.nextInt(10) == 0) { // a tumbling window's new bucket: the row written goes first in the emptied ring
                    ring.removeAll();
                    reference.clear();
                }
                ring.append(t);
                reference.addLast(row);
            } else if (what < 17 && !reference.isEmpty()) {
                ring.removeOldest();
                reference.removeFirst();
            } else if (what == 17) {
                ring.removeAll();
                reference.clear();
            } else if (what == 18) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ring.snapshot(new DataOutputStream(bytes));
                ring = new TimedRows(width, 1 << capacityLog);
                ring.restore(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
            }
            assertSame(reference, ring, width);
        }
    }

    private static void assertSame(ArrayDeque<double[]> reference, TimedRows ring, int width) {
        assertEquals(reference.size(), ring.size());
        List<double[]> rows = new ArrayList<>(reference);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(Double.doubleToRawLongBits(rows.get(i)[0]), ring.time(i), "time of row " + i);
            assertEquals(ring.slot(i) * (width + 1) + 1, ring.values(i), "offset of row " + i);
            for (int c = 0; c < width; c++) {
                assertEquals(rows.get(i)[c + 1], ring.data()[ring.values(i) + c], "value " + c + " of row " + i);
            }
        }
    }

    @Property(tries = 1)
    void aCapacityThatIsNotAPowerOfTwoIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TimedRows(1, 12));
        assertEquals("capacity must be a power of two, got 12", e.getMessage());
    }
}

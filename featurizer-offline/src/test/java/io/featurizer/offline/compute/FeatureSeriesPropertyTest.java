package io.featurizer.offline.compute;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A series of random outputs (doubles, longs, lists of 0 to 3,000 values) reads back output for output as a plain list
 * of copies does, across the columns' segment and block boundaries (8,192 rows, 65,536 list values).
 */
class FeatureSeriesPropertyTest {
    private static final Schema SCHEMA = Schema.builder("s").addDouble("d").addArray("a").addLong("l").addArray("b").build();

    @Property(tries = 12)
    void readsBackWhatWasAppended(@ForAll long seed, @ForAll @IntRange(min = 0, max = 30_000) int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FeatureSeries series = new FeatureSeries(SCHEMA);
        List<Event> reference = new ArrayList<>();
        List<long[]> positions = new ArrayList<>();
        FeatureEvent e = new FeatureEvent(SCHEMA);
        boolean longLists = rnd.nextBoolean(); // sometimes rows longer than a block
        for (int i = 0; i < n; i++) {
            e.setTimes(rnd.nextLong(), rnd.nextLong());
            e.set(0, rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextDouble());
            e.setLong(2, rnd.nextLong());
            for (int f : new int[] {1, 3}) {
                int len = rnd.nextInt(8) == 0 ? 0 : rnd.nextInt(1, longLists && rnd.nextInt(500) == 0 ? 70_000 : 60);
                double[] a = e.arrayForWrite(f, len);
                for (int k = 0; k < len; k++) {
                    a[k] = rnd.nextDouble();
                }
            }
            long time = rnd.nextLong(), order = rnd.nextLong();
            series.append(e, time, order);
            reference.add(e.copy());
            positions.add(new long[] {time, order});
        }
        assertEquals(n, series.size());
        FeatureEvent into = new FeatureEvent(SCHEMA);
        for (int i = 0; i < n; i++) {
            Event want = reference.get(i);
            assertEquals(want.ts(), series.ts(i));
            assertEquals(want.receiptTs(), series.receiptTs(i));
            assertEquals(positions.get(i)[0], series.inputTime(i));
            assertEquals(positions.get(i)[1], series.inputOrder(i));
            assertEquals(Double.doubleToRawLongBits(want.getDouble(0)), Double.doubleToRawLongBits(series.getDouble(i, 0)), "output " + i);
            assertEquals(want.getLong(2), series.getLong(i, 2), "output " + i);
            for (int f : new int[] {1, 3}) {
                double[] expected = java.util.Arrays.copyOf(want.getArray(f), want.arrayLength(f));
                assertArrayEquals(expected, series.getArray(i, f), "output " + i + " field " + f);
            }
            series.read(i, into);
            assertEquals(want.ts(), into.ts());
            for (int f = 0; f < SCHEMA.size(); f++) {
                if (SCHEMA.type(f) == FieldType.DOUBLE_ARRAY) {
                    assertArrayEquals(java.util.Arrays.copyOf(want.getArray(f), want.arrayLength(f)),
                            java.util.Arrays.copyOf(into.getArray(f), into.arrayLength(f)), "read " + i + " field " + f);
                }
            }
        }
    }
}

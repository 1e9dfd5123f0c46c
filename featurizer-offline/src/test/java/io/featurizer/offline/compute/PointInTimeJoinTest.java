package io.featurizer.offline.compute;

import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.event.Schema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The join alone, on hand-made outputs with hand-written expected rows. */
class PointInTimeJoinTest {
    static final Schema VALUE = Schema.ofDoubles("v", "v");
    static final Schema LEVELS = Schema.builder("levels").addArray("prices").addLong("count").build();

    /** A series of (ts, value) pairs; receipt = ts + 1; each emitted by an input at position (ts, 0). */
    static FeatureSeries series(long... tsAndValue) {
        FeatureSeries s = new FeatureSeries(VALUE);
        FeatureEvent e = new FeatureEvent(VALUE);
        for (int i = 0; i < tsAndValue.length; i += 2) {
            e.setTimes(tsAndValue[i], tsAndValue[i] + 1);
            e.set(0, tsAndValue[i + 1]);
            s.append(e, tsAndValue[i], 0);
        }
        return s;
    }

    /** A series of (ts, input order, value) triples: outputs emitted by inputs at position (ts, order). */
    static FeatureSeries positioned(long... tsOrderValue) {
        FeatureSeries s = new FeatureSeries(VALUE);
        FeatureEvent e = new FeatureEvent(VALUE);
        for (int i = 0; i < tsOrderValue.length; i += 3) {
            e.setTimes(tsOrderValue[i], tsOrderValue[i] + 1);
            e.set(0, tsOrderValue[i + 2]);
            s.append(e, tsOrderValue[i], tsOrderValue[i + 1]);
        }
        return s;
    }

    @Test
    void aRowSeesOnlyTheInputsUpToItsOwnNeverLaterOnesWithTheSameTimestamp() {
        // three fills of one trade message at t = 20 (input orders 0, 1, 2); the row feature emits on the first and the third
        FeatureSeries rows = positioned(10, 0, 1, 20, 0, 2, 20, 2, 3);
        FeatureSeries other = positioned(10, 0, 100, 20, 0, 200, 20, 1, 201, 20, 2, 202);
        FeatureTable t = PointInTimeJoin.join(List.of(columns("r", rows), columns("o", other)), 0, null);
        assertEquals(3, t.rowCount());
        assertEquals(List.of(100.0, 200.0, 202.0), List.of(t.getDouble(0, 3), t.getDouble(1, 3), t.getDouble(2, 3)));
        // the label looks ahead from the row's own position: lookahead 10 from (10, 0) is (20, 0), which sees 200 not 202
        FeatureTable l = PointInTimeJoin.join(List.of(columns("r", rows), columns("o", other)), 0,
                new PointInTimeJoin.Label(columns("label_o", other), 10, 30));
        assertEquals(200.0, l.getDouble(0, 4));
        assertEquals(202.0, l.getDouble(1, 4), "(30, 0) is after every input at 20");
    }

    static PointInTimeJoin.Columns columns(String name, FeatureSeries s) {
        return new PointInTimeJoin.Columns(List.of(name + "-v"), s);
    }

    @Test
    void otherFeaturesShowTheirLastOutputAtOrBeforeTheRowIncludingTheLastOfEqualTimes() {
        FeatureSeries a = series(10, 1, 20, 2, 30, 3, 40, 4);
        FeatureSeries b = series(5, 50, 20, 200, 20, 201, 25, 250, 45, 450); // two outputs at 20: the later one counts
        FeatureSeries c = series(15, 15, 31, 31);
        FeatureTable t = PointInTimeJoin.join(List.of(columns("a", a), columns("b", b), columns("c", c)), 0, null);
        assertEquals(List.of("timestamp", "receipt_timestamp", "a-v", "b-v", "c-v"), t.columnNames());
        long[][] expected = { // ts, receipt, a, b, c (-1 = null)
                {10, 11, 1, 50, -1},
                {20, 21, 2, 201, 15},
                {30, 31, 3, 250, 15},
                {40, 41, 4, 250, 31}};
        assertEquals(expected.length, t.rowCount());
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r][0], t.timestamp(r));
            assertEquals(expected[r][1], t.receiptTimestamp(r));
            for (int col = 2; col < 5; col++) {
                if (expected[r][col] < 0) {
                    assertTrue(t.isNull(r, col), "row " + r + " col " + col);
                } else {
                    assertEquals(expected[r][col], t.getDouble(r, col), 0.0, "row " + r + " col " + col);
                }
            }
        }
    }

    @Test
    void theRowFeaturesOwnColumnsAreItsOutputEvenAmongEqualTimes() {
        FeatureSeries a = series(10, 1, 10, 2, 20, 3);
        FeatureTable t = PointInTimeJoin.join(List.of(columns("a", a)), 0, null);
        assertEquals(3, t.rowCount());
        assertEquals(1.0, t.getDouble(0, 2));
        assertEquals(2.0, t.getDouble(1, 2));
        assertEquals(3.0, t.getDouble(2, 2));
    }

    @Test
    void theLabelIsTheLastOutputAtOrBeforeTPlusLookaheadAndRowsPastTheEndAreDropped() {
        FeatureSeries a = series(10, 1, 20, 2, 30, 3, 40, 4);
        FeatureSeries b = series(5, 50, 12, 120);
        PointInTimeJoin.Label label = new PointInTimeJoin.Label(columns("label_a", a), 15, 50);
        FeatureTable t = PointInTimeJoin.join(List.of(columns("a", a), columns("b", b)), 0, label);
        assertEquals(List.of("timestamp", "receipt_timestamp", "a-v", "b-v", "label_a-v"), t.columnNames());
        // rows with t + 15 <= 50: 10, 20, 30; labels at 25 -> a@20, 35 -> a@30, 45 -> a@40
        assertEquals(3, t.rowCount());
        assertEquals(List.of(2.0, 3.0, 4.0), List.of(t.getDouble(0, 4), t.getDouble(1, 4), t.getDouble(2, 4)));
        assertEquals(List.of(50.0, 120.0, 120.0), List.of(t.getDouble(0, 3), t.getDouble(1, 3), t.getDouble(2, 3)));
        // an end exactly at t + lookahead keeps the row: end 55 keeps 40 (label at 55 -> a@40)
        FeatureTable t2 = PointInTimeJoin.join(List.of(columns("a", a)), 0, new PointInTimeJoin.Label(columns("label_a", a), 15, 55));
        assertEquals(4, t2.rowCount());
        assertEquals(4.0, t2.getDouble(3, 3));
        // no data at all: no rows
        assertEquals(0, PointInTimeJoin.join(List.of(columns("a", a)), 0, new PointInTimeJoin.Label(columns("label_a", a), 15, Long.MIN_VALUE)).rowCount());
    }

    @Test
    void arrayAndLongFieldsAndRowViews() {
        FeatureSeries rows = series(10, 1, 20, 2);
        FeatureSeries levels = new FeatureSeries(LEVELS);
        FeatureEvent e = new FeatureEvent(LEVELS);
        e.setTimes(15, 16);
        double[] p = e.arrayForWrite(0, 3);
        p[0] = 1.5;
        p[1] = 2.5;
        p[2] = 3.5;
        e.setLong(1, 7);
        levels.append(e, 15, 0);
        FeatureTable t = PointInTimeJoin.join(List.of(columns("a", rows), new PointInTimeJoin.Columns(List.of("l-prices", "l-count"), levels)), 0, null);
        assertTrue(t.isNull(0, t.column("l-prices")));
        assertEquals(null, t.getArray(0, t.column("l-prices")));
        FeatureTable.Row r = t.row(1);
        assertArrayEquals(new double[] {1.5, 2.5, 3.5}, r.getArray("l-prices"));
        assertEquals(7, r.getLong("l-count"));
        assertEquals(20, r.timestamp());
        assertThrows(IllegalArgumentException.class, () -> t.column("nope"));
        assertThrows(IllegalStateException.class, () -> t.getLong(0, t.column("l-count")), "a null LONG has no value");
        int n = 0;
        for (FeatureTable.Row row : t) {
            assertEquals(n++, row.index());
        }
        assertEquals(2, n);
    }

    @Test
    void twoColumnsWithTheSameNameAreRefused() {
        FeatureSeries a = series(10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PointInTimeJoin.join(List.of(columns("a", a), columns("a", a)), 0, null));
        assertTrue(e.getMessage().contains("two columns are named 'a-v'"), e.getMessage());
    }

    @Test
    void anUnorderedSeriesIsSortedStablyByInputPosition() {
        FeatureSeries s = positioned(30, 0, 3, 10, 1, 1, 20, 0, 2, 10, 0, 11, 10, 1, 12);
        FeatureSeries sorted = s.inInputOrder();
        assertEquals(List.of(10L, 10L, 10L, 20L, 30L), List.of(sorted.ts(0), sorted.ts(1), sorted.ts(2), sorted.ts(3), sorted.ts(4)));
        assertEquals(List.of(11.0, 1.0, 12.0, 2.0, 3.0), List.of(sorted.getDouble(0, 0), sorted.getDouble(1, 0), sorted.getDouble(2, 0),
                sorted.getDouble(3, 0), sorted.getDouble(4, 0)));
        assertTrue(sorted.isInInputOrder());
        assertEquals(false, s.isInInputOrder());
    }
}

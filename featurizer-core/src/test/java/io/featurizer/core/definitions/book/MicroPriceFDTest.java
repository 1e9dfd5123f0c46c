package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.testing.FeatureTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.featurizer.core.definitions.book.Books.BASE;
import static io.featurizer.core.definitions.book.Books.d;
import static io.featurizer.core.definitions.book.Books.feature;
import static io.featurizer.core.definitions.book.Books.l2;
import static io.featurizer.core.definitions.book.Books.top;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicroPriceFDTest {
    @TempDir
    Path dir;

    /** Tick 0.5; spread 1 tick: -0.1 below imbalance 0.5, +0.1 from it; spread 2 ticks: never seen below 0.5, +0.25 from it. */
    static final String TABLE = MicroPriceTable.HEADER + "\n"
            + "0.5,1,0,0.0,0.5,10,-0.1,3\n"
            + "0.5,1,1,0.5,1.0,10,0.1,3\n"
            + "0.5,2,0,0.0,0.5,0,NaN,3\n"
            + "0.5,2,1,0.5,1.0,4,0.25,3\n";

    Path table(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    Feature micro(Path table) {
        return feature("book.micro_price", Map.of("table", table.toString()), 1);
    }

    private static double value(FeatureTestHarness h, Event book) {
        List<Event> out = h.push(0, book);
        assertEquals(1, out.size(), "a new value");
        return out.get(0).getDouble(0);
    }

    @Test
    void midPlusTheAdjustmentOfTheState() throws IOException {
        FeatureTestHarness h = FeatureTestHarness.of(micro(table("adj.csv", TABLE)));
        assertEquals(100.25 - 0.1, value(h, top(BASE, 100, 1, 100.5, 3)), 1e-12); // imbalance 1/4: bucket 0
        assertEquals(100.25 + 0.1, value(h, top(BASE + 1, 100, 3, 100.5, 1)), 1e-12); // 3/4: bucket 1
        assertEquals(List.of(), h.push(0, top(BASE + 2, 100, 2, 100.5, 2)), "1/2 opens bucket 1: same value");
        assertEquals(100.5 + 0.25, value(h, top(BASE + 3, 100, 3, 101, 1)), 1e-12); // spread 2 ticks
        assertTrue(Double.isNaN(value(h, top(BASE + 4, 100, 1, 101, 3))), "a state the fit never observed");
        assertEquals(100.35, value(h, top(BASE + 5, 100, 3, 100.5, 1)), 1e-12);
        assertTrue(Double.isNaN(value(h, top(BASE + 6, 100, 1, 101.5, 1))), "3 ticks: outside the table");
        assertEquals(100.35, value(h, top(BASE + 7, 100, 3, 100.5, 1)), 1e-12);
        assertTrue(Double.isNaN(value(h, top(BASE + 8, 100, 1, 100.7, 1))), "not a whole number of ticks");
        assertEquals(100.35, value(h, top(BASE + 9, 100, 3, 100.5, 1)), 1e-12);
        assertTrue(Double.isNaN(value(h, l2(BASE + 10, d(), d(), d(100.5), d(1)))), "no bids");
    }

    @Test
    void theTablesContentIsPartOfTheKey() throws IOException {
        Path file = table("adj.csv", TABLE);
        Feature first = micro(file);
        assertEquals(first.key(), micro(file).key());
        table("adj.csv", TABLE.replace("0.25,3", "0.30,3")); // a new fit in the same file
        Feature refit = micro(file);
        assertNotEquals(first.key(), refit.key());
        String hash = (String) refit.params().get("table_sha256");
        assertEquals(64, hash.length());
        feature("book.micro_price", Map.of("table", file.toString(), "table_sha256", hash), 1); // pinned and matching
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> feature("book.micro_price", Map.of("table", file.toString(), "table_sha256", "abc"), 1));
        assertTrue(e.getMessage().contains("not the pinned abc"), e.getMessage());
    }

    @Test
    void anUnreadableOrMalformedTableFailsAtLoad() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> micro(dir.resolve("none.csv")));
        assertTrue(e.getMessage().contains("cannot read micro-price table") && e.getMessage().contains("no such file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> micro(table("bad.csv", "spread,adj\n1,2\n")));
        assertTrue(e.getMessage().contains("line 1: expected the header"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> micro(table("short.csv", TABLE.replace("0.5,2,1,0.5,1.0,4,0.25,3\n", ""))));
        assertTrue(e.getMessage().contains("one row per spread and bucket"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> micro(table("nan.csv", TABLE.replace(",10,-0.1", ",ten,-0.1"))));
        assertTrue(e.getMessage().contains("line 2: not a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> feature("book.micro_price", Map.of(), 1));
        assertTrue(e.getMessage().contains("missing param 'table'"), e.getMessage());
    }

    @Test
    void restoredCopyContinuesLikeTheOriginal() throws IOException {
        Feature f = micro(table("adj.csv", TABLE));
        Books.assertRestoreMatches(f, Books.randomBooks(new java.util.Random(2), 500, 3, 1_000_000L));
    }
}

package io.featurizer.serve;

import io.featurizer.offline.compute.MissingDataException;
import io.featurizer.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.featurizer.serve.StoredMarket.MS;
import static io.featurizer.serve.StoredMarket.S;
import static io.featurizer.serve.StoredMarket.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Point-in-time values over a recorded store equal a naive scan of the outputs the test worked out ({@link StoredMarket}). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointInTimeLookupTest {
    Storage storage;
    StoredMarket market;
    PointInTimeLookup lookup;

    @BeforeAll
    void record(@TempDir Path dir) {
        storage = Storage.open(dir.resolve("store"));
        market = StoredMarket.record(storage, dir.resolve("journal"), 11);
        lookup = new PointInTimeLookup(storage, StoredMarket.config());
    }

    @AfterAll
    void close() {
        storage.close();
    }

    /** The instants worth asking: each input's own time, a nanosecond before and after it, the edges, random ones. */
    List<Long> instants() {
        List<Long> at = new ArrayList<>(List.of(market.first - 1, market.first, T0 - 3600 * S, market.last, market.last + 1,
                market.last + 3600 * S, T0 + 600 * S /* 5 minutes after the last trade of the first burst */));
        for (int i = 0; i < market.bookTimes.size(); i += 7) {
            long t = market.bookTimes.get(i);
            at.addAll(List.of(t - 1, t, t + 1));
        }
        for (int i = 0; i < market.tradeTimes.size(); i += 5) {
            long t = market.tradeTimes.get(i);
            at.addAll(List.of(t - 1, t));
        }
        Random random = new Random(3);
        for (int i = 0; i < 10; i++) {
            at.add(T0 + (long) (random.nextDouble() * 1300 * S));
        }
        return at;
    }

    @Test
    void valuesAreTheLastOutputAtOrBeforeTheInstant() {
        for (long at : instants()) {
            Map<String, PointInTimeLookup.Value> values = lookup.at(at, List.of("mid", "tvi"));
            assertEquals(List.of("mid", "tvi"), List.copyOf(values.keySet()));
            check("mid", "mid-mid_price", StoredMarket.lastAtOrBefore(market.mids, at), values.get("mid"), at);
            check("tvi", "tvi-tvi", StoredMarket.lastAtOrBefore(market.tvis, at), values.get("tvi"), at);
        }
    }

    private static void check(String name, String column, StoredMarket.Output expected, PointInTimeLookup.Value actual, long at) {
        String where = name + " at " + at + " (T0 + " + (at - T0) / 1e9 + " s)";
        if (expected == null) {
            assertNull(actual, where + ": no output yet");
            return;
        }
        assertNotNull(actual, where);
        assertEquals(expected.ts(), actual.timestamp(), where + ": the output's exchange time");
        assertEquals(expected.ts() + MS, actual.receiptTimestamp(), where);
        assertEquals(expected.value(), (Double) actual.fields().get(column), 1e-12, where);
        assertTrue(actual.timestamp() <= at, where + ": never a value from after the instant");
    }

    @Test
    void storedFeatureBlocksGiveTheSameValues(@TempDir Path dir) {
        // a compute with features_to_store writes feature blocks over the whole range; lookups then read those
        io.featurizer.core.config.FeaturizerConfig stored = io.featurizer.core.config.FeaturizerConfig.parse(
                "features_to_store: [0, 1]\n" + StoredMarket.CONFIG, "pit-stored.yaml");
        try (Storage s = Storage.open(dir.resolve("store"))) {
            StoredMarket m = StoredMarket.record(s, dir.resolve("journal"), 11);
            io.featurizer.offline.compute.ComputeResult r = io.featurizer.offline.compute.BatchCompute.of(s, stored).run(Long.MIN_VALUE, Long.MAX_VALUE);
            assertEquals(List.of("mid", "tvi"), r.report().stored(), "feature blocks written");
            PointInTimeLookup fromBlocks = new PointInTimeLookup(s, stored);
            for (long at : List.of(m.first - 1, m.bookTimes.get(10), m.tradeTimes.get(3) - 1, T0 + 600 * S, m.last + S)) {
                Map<String, PointInTimeLookup.Value> values = fromBlocks.at(at, List.of("mid", "tvi"));
                check("mid", "mid-mid_price", StoredMarket.lastAtOrBefore(m.mids, at), values.get("mid"), at);
                check("tvi", "tvi-tvi", StoredMarket.lastAtOrBefore(m.tvis, at), values.get("tvi"), at);
            }
        }
    }

    @Test
    void anInstantExactlyOnAnInputIncludesItAndOneNanosecondBeforeDoesNot() {
        StoredMarket.Output second = market.mids.get(1);
        assertEquals(second.value(), lookup.at(second.ts(), List.of("mid")).get("mid").fields().get("mid-mid_price"));
        assertEquals(market.mids.get(0).value(), lookup.at(second.ts() - 1, List.of("mid")).get("mid").fields().get("mid-mid_price"));
    }

    @Test
    void beforeTheFirstInputNothingHasAValue() {
        Map<String, PointInTimeLookup.Value> values = lookup.at(market.first - 1, List.of("mid", "tvi"));
        assertNull(values.get("mid"));
        assertNull(values.get("tvi"));
    }

    @Test
    void anUnknownNameIsAnErrorNamingTheNearest() {
        PointInTimeLookup.UnknownFeatureException e = assertThrows(PointInTimeLookup.UnknownFeatureException.class,
                () -> lookup.at(T0, List.of("mdi")));
        assertTrue(e.getMessage().contains("'mdi'") && e.getMessage().contains("mid"), e.getMessage());
    }

    @Test
    void aStoreWithoutTheInputsIsMissingData(@TempDir Path empty) {
        try (Storage s = Storage.open(empty.resolve("store"))) {
            MissingDataException e = assertThrows(MissingDataException.class,
                    () -> new PointInTimeLookup(s, StoredMarket.config()).at(T0, List.of("mid")));
            assertTrue(e.getMessage().contains("mid"), e.getMessage());
        }
    }
}

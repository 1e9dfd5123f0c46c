package io.featurizer.core.book;

import io.featurizer.core.config.ConfigException;
import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.feature.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code tick_size} of an {@code l2_book} (issue 13: "tick size learned or configured"): a deep book's
 * snapshot that happens to show only a coarser grid keeps the configured tick's index when a finer price
 * comes, where a learned grid falls back to sorted arrays; contents are the same either way, and the param
 * is checked at load but is not part of any feature key (it changes speed, not values).
 */
class ConfiguredTickTest {
    @TempDir
    Path dir;

    /** A snapshot of 150 levels a side, every price on the 0.1 grid (so a learned grid is 1 decimal). */
    private static BookUpdate coarseSnapshot() {
        BookUpdate u = new BookUpdate().reset(1, 1, true);
        for (int i = 0; i < 150; i++) {
            u.addBid((1000 - i) / 10.0, 1 + i);
        }
        for (int i = 0; i < 150; i++) {
            u.addAsk((1001 + i) / 10.0, 1 + i);
        }
        return u;
    }

    @Test
    void aFinerPriceKeepsTheConfiguredIndexAndTheBookEqualsAReference() {
        OrderBook learned = new OrderBook();
        OrderBook configured = OrderBook.withTick(0.01);
        TreeMap<Double, Double> bids = new TreeMap<>();
        BookUpdate snap = coarseSnapshot();
        for (int i = 0; i < snap.bidCount(); i++) {
            bids.put(snap.bidPrice(i), snap.bidSize(i));
        }
        learned.apply(snap);
        configured.apply(snap);
        assertTrue(learned.bids().isTickIndexed());
        assertTrue(configured.bids().isTickIndexed());

        // 99.95 is on the venue's 0.01 tick but not on the 0.1 grid the snapshot showed
        BookUpdate finer = new BookUpdate().reset(2, 2, false).addBid(99.95, 7).addBid(99.83, 2).addBid(99.9, 0);
        bids.put(99.95, 7.0);
        bids.put(99.83, 2.0);
        bids.remove(99.9);
        learned.apply(finer);
        configured.apply(finer);
        assertFalse(learned.bids().isTickIndexed(), "a learned 0.1 grid cannot hold 99.95: sorted arrays");
        assertTrue(configured.bids().isTickIndexed(), "the configured 0.01 tick holds it");

        List<Map.Entry<Double, Double>> expected = List.copyOf(bids.descendingMap().entrySet());
        for (OrderBook b : List.of(learned, configured)) {
            assertEquals(expected.size(), b.bids().count());
            for (int r = 0; r < expected.size(); r++) {
                assertEquals(expected.get(r).getKey(), b.bids().price(r), "rank " + r);
                assertEquals(expected.get(r).getValue(), b.bids().size(r), "rank " + r);
            }
        }
        // 100.0, then 99.95, 99.83 (99.9 removed), 99.8
        assertEquals(99.95, configured.bids().price(1));
        assertEquals(99.83, configured.bids().price(2));
        assertEquals(99.8, configured.bids().price(3));
    }

    @Test
    void aTickWithTooManyDecimalsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> OrderBook.withTick(1e-9));
        assertThrows(IllegalArgumentException.class, () -> OrderBook.withTick(0));
        assertEquals(2, TickSize.decimalsOf(0.01));
        assertEquals(1, TickSize.decimalsOf(0.5));
        assertEquals(0, TickSize.decimalsOf(5));
    }

    private static final String MID = """
            feature_configs:
              - feature_definition: price.mid_price_fd
                name: mid
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT%s}
            """;

    private FeaturizerConfig load(String extra) throws IOException {
        return FeaturizerConfig.load(Files.writeString(dir.resolve("c.yaml"), MID.formatted(extra)));
    }

    @Test
    void theTickIsCheckedAtLoadAndLeftOutOfTheKey() throws IOException {
        Feature plain = load("").features().get(0);
        Feature ticked = load(", tick_size: 0.01").features().get(0);
        assertEquals(plain.key(), ticked.key(), "tick_size changes speed, not values");
        assertEquals(0.01, ticked.children().get(0).children().get(0).params().getDouble(TickSize.PARAM, Double.NaN));

        ConfigException zero = assertThrows(ConfigException.class, () -> load(", tick_size: 0"));
        assertTrue(zero.getMessage().contains("a positive price step with at most 8 decimals"), zero.getMessage());
        ConfigException fine = assertThrows(ConfigException.class, () -> load(", tick_size: 0.0000000001"));
        assertTrue(fine.getMessage().contains("tick_size"), fine.getMessage());
        ConfigException typo = assertThrows(ConfigException.class, () -> load(", tick_siz: 0.01"));
        assertTrue(typo.getMessage().contains("did you mean 'tick_size'?"), typo.getMessage());
    }
}

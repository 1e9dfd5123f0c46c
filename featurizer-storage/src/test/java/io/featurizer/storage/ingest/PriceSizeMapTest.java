package io.featurizer.storage.ingest;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PriceSizeMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomPutsRemovesAndClears() {
        SplittableRandom r = new SplittableRandom(3);
        PriceSizeMap map = new PriceSizeMap();
        Map<Double, Double> ref = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            double price = 100 + r.nextInt(500) * 0.5;
            int op = r.nextInt(100);
            if (op < 55) {
                double size = r.nextInt(1, 1000) / 8.0;
                map.put(price, size);
                ref.put(price, size);
            } else if (op < 95) {
                map.remove(price);
                ref.remove(price);
            } else if (op == 99 && r.nextInt(20) == 0) {
                map.clear();
                ref.clear();
            }
            assertEquals(ref.getOrDefault(price, -1.0), map.get(price, -1.0));
            assertEquals(ref.size(), map.count());
        }
        Map<Double, Double> seen = new HashMap<>();
        for (int i = 0; i < map.count(); i++) {
            seen.put(map.price(i), map.size(i));
        }
        assertEquals(ref, seen);
    }
}

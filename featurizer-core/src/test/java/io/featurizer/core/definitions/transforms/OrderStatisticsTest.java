package io.featurizer.core.definitions.transforms;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The treap against a sorted list under random adds and removes of the oldest or any element, duplicates included. */
class OrderStatisticsTest {
    @Property(tries = 200)
    void answersLikeASortedList(@ForAll @IntRange(min = 1, max = 600) int ops, @ForAll @IntRange(min = 1, max = 50) int distinct, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        OrderStatistics tree = new OrderStatistics();
        List<Double> live = new ArrayList<>(); // in insertion order
        for (int op = 0; op < ops; op++) {
            if (live.isEmpty() || r.nextInt(3) > 0) {
                double v = r.nextInt(distinct) - distinct / 2.0;
                tree.add(v);
                live.add(v);
            } else {
                tree.remove(live.remove(r.nextBoolean() ? 0 : r.nextInt(live.size())));
            }
            List<Double> sorted = new ArrayList<>(live);
            Collections.sort(sorted);
            assertEquals(sorted.size(), tree.size());
            if (!sorted.isEmpty()) {
                int k = r.nextInt(sorted.size());
                assertEquals(sorted.get(k), tree.kth(k), 0, "k-th " + k);
                double probe = r.nextInt(distinct + 2) - distinct / 2.0 - 1;
                assertEquals(sorted.stream().filter(x -> x < probe).count(), tree.countLess(probe), "below " + probe);
                assertEquals(sorted.stream().filter(x -> x <= probe).count(), tree.countAtMost(probe), "at most " + probe);
                double present = live.get(r.nextInt(live.size()));
                long less = sorted.stream().filter(x -> x < present).count(), equal = sorted.stream().filter(x -> x == present).count();
                assertEquals(less + (equal + 1) / 2.0, tree.midRank(present), 0, "mid rank of " + present);
            }
        }
    }
}

package io.featurizer.serve.plot;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** M4 against a naive grouping: every bucket keeps exactly its first, lowest, highest and last values, in time order. */
class DownsampleTest {
    @Property(tries = 300)
    void everyBucketKeepsItsFirstLowestHighestAndLast(@ForAll("seeds") long seed, @ForAll @IntRange(min = 1, max = 400) int n,
                                                     @ForAll @IntRange(min = 1, max = 60) int buckets) {
        Random rnd = new Random(seed);
        long[] t = new long[n];
        double[] v = new double[n];
        long now = rnd.nextInt(1_000);
        for (int i = 0; i < n; i++) {
            now += rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(50); // ties too
            t[i] = now;
            v[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextInt(20) - 10; // repeats and gaps
        }
        long from = t[0] + (rnd.nextBoolean() ? 0 : rnd.nextInt(10));
        long to = Math.max(from, t[n - 1] - (rnd.nextBoolean() ? 0 : rnd.nextInt(10)));
        Downsample.Points kept = Downsample.m4(t, v, from, to, buckets);

        // the reference: group the points in range by bucket, keep indices of first, min (first of ties), max (first of ties), last
        double width = ((double) to - from + 1) / buckets;
        List<List<Integer>> groups = new ArrayList<>();
        for (int b = 0; b < buckets; b++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(v[i]) && t[i] >= from && t[i] <= to) {
                groups.get((int) Math.min(buckets - 1, (long) ((t[i] - (double) from) / width))).add(i);
            }
        }
        List<Integer> expected = new ArrayList<>();
        for (List<Integer> g : groups) {
            if (g.isEmpty()) {
                continue;
            }
            int min = g.get(0), max = g.get(0);
            for (int i : g) {
                min = v[i] < v[min] ? i : min;
                max = v[i] > v[max] ? i : max;
            }
            java.util.TreeSet<Integer> keep = new java.util.TreeSet<>(List.of(g.get(0), min, max, g.get(g.size() - 1)));
            expected.addAll(keep);
        }
        assertEquals(expected.size(), kept.size(), "points kept");
        for (int k = 0; k < expected.size(); k++) {
            assertEquals(t[expected.get(k)], kept.times()[k], "time of point " + k);
            assertEquals(v[expected.get(k)], kept.values()[k], "value of point " + k);
        }
        assertTrue(kept.size() <= 4 * buckets);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    @Property(tries = 50)
    void aSeriesShorterThanTheBucketsIsKeptWhole(@ForAll @LongRange(min = 0, max = 1_000_000) long start) {
        long[] t = {start, start + 10, start + 20};
        double[] v = {1, 3, 2};
        Downsample.Points kept = Downsample.m4(t, v, start, start + 20, 100);
        assertEquals(3, kept.size());
        assertEquals(3.0, kept.values()[1]);
    }
}

package io.featurizer.storage.ingest;

import java.util.Arrays;

/**
 * Price → size for one book side, without boxing: entries in dense arrays (iteration in insertion order
 * until a removal), found through an open-addressing table (linear probing, backward-shift removal).
 * {@link #clear()} is O(1) (a generation stamp), so a per-message map that once held a big snapshot stays
 * cheap to reuse.
 */
final class PriceSizeMap {
    private double[] prices = new double[16];
    private double[] sizes = new double[16];
    private int count;
    private int[] slotIndex = new int[32];
    private int[] slotGen = new int[32];
    private int mask = 31;
    private int gen = 1;

    int count() {
        return count;
    }

    double price(int i) {
        return prices[i];
    }

    double size(int i) {
        return sizes[i];
    }

    void clear() {
        count = 0;
        if (++gen == Integer.MAX_VALUE) {
            Arrays.fill(slotGen, 0);
            gen = 1;
        }
    }

    boolean contains(double price) {
        return slotOf(price) >= 0;
    }

    /** The size at {@code price}, or {@code absent}. */
    double get(double price, double absent) {
        int s = slotOf(price);
        return s < 0 ? absent : sizes[slotIndex[s]];
    }

    void put(double price, double size) {
        int s = slotOf(price);
        if (s >= 0) {
            sizes[slotIndex[s]] = size;
            return;
        }
        if (count == prices.length) {
            prices = Arrays.copyOf(prices, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        if ((count + 1) * 2 > slotIndex.length) {
            rehash(slotIndex.length * 2);
        }
        prices[count] = price;
        sizes[count] = size;
        insertSlot(price, count);
        count++;
    }

    void remove(double price) {
        int s = slotOf(price);
        if (s < 0) {
            return;
        }
        int i = slotIndex[s];
        deleteSlot(s);
        int last = count - 1;
        if (i != last) {
            prices[i] = prices[last];
            sizes[i] = sizes[last];
            slotIndex[slotOf(prices[i])] = i;
        }
        count--;
    }

    private static int hash(double price) {
        long h = Double.doubleToLongBits(price + 0.0); // -0.0 and 0.0 alike
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h;
    }

    private boolean occupied(int slot) {
        return slotGen[slot] == gen;
    }

    private int slotOf(double price) {
        int s = hash(price) & mask;
        while (occupied(s)) {
            if (prices[slotIndex[s]] == price) {
                return s;
            }
            s = (s + 1) & mask;
        }
        return -1;
    }

    private void insertSlot(double price, int index) {
        int s = hash(price) & mask;
        while (occupied(s)) {
            s = (s + 1) & mask;
        }
        slotIndex[s] = index;
        slotGen[s] = gen;
    }

    /** Backward-shift deletion: later entries of the probe run move into the hole when their home allows. */
    private void deleteSlot(int hole) {
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (!occupied(j)) {
                break;
            }
            int home = hash(prices[slotIndex[j]]) & mask;
            boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                slotIndex[hole] = slotIndex[j];
                hole = j;
            }
        }
        slotGen[hole] = 0;
    }

    private void rehash(int capacity) {
        slotIndex = new int[capacity];
        slotGen = new int[capacity];
        mask = capacity - 1;
        gen = 1;
        for (int i = 0; i < count; i++) {
            insertSlot(prices[i], i);
        }
    }
}

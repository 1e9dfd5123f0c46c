package io.featurizer.core.definitions.transforms;

import java.util.Arrays;

/**
 * A multiset of doubles that answers rank and k-th smallest in O(log n) expected: a treap over (value, sequence) keys
 * in primitive arrays, nodes recycled through a free list, so steady state allocates nothing. The sequence number
 * tells equal values apart. Priorities come from a fixed pseudo-random sequence; the tree's shape never changes an
 * answer.
 */
final class OrderStatistics {
    private static final int NIL = 0; // node 0 is the empty tree: size 0

    private double[] value = new double[16];
    private long[] seq = new long[16];
    private int[] left = new int[16], right = new int[16], size = new int[16], priority = new int[16];
    private int root = NIL;
    private int nodes = 1; // slots used so far, node 0 included
    private int free = NIL; // recycled nodes, linked through `right`
    private int random = 0x9E3779B9;

    int size() {
        return size[root];
    }

    void clear() {
        root = NIL;
        nodes = 1;
        free = NIL;
    }

    void add(double v, long s) {
        int n = newNode(v, s);
        root = insert(root, n);
    }

    /** Removes the element (v, s), which must be present. */
    void remove(double v, long s) {
        root = delete(root, v, s);
    }

    /** Elements smaller than {@code v}. */
    int countLess(double v) {
        int count = 0;
        for (int t = root; t != NIL; ) {
            if (value[t] < v) {
                count += size[left[t]] + 1;
                t = right[t];
            } else {
                t = left[t];
            }
        }
        return count;
    }

    /** Elements smaller than or equal to {@code v}. */
    int countAtMost(double v) {
        int count = 0;
        for (int t = root; t != NIL; ) {
            if (value[t] <= v) {
                count += size[left[t]] + 1;
                t = right[t];
            } else {
                t = left[t];
            }
        }
        return count;
    }

    /** The k-th smallest (0-based), k < size. */
    double kth(int k) {
        int t = root;
        while (true) {
            int l = size[left[t]];
            if (k < l) {
                t = left[t];
            } else if (k == l) {
                return value[t];
            } else {
                k -= l + 1;
                t = right[t];
            }
        }
    }

    private static int compare(double v1, long s1, double v2, long s2) {
        int c = Double.compare(v1, v2);
        return c != 0 ? c : Long.compare(s1, s2);
    }

    private int insert(int t, int n) {
        if (t == NIL) {
            return n;
        }
        if (priority[n] > priority[t]) {
            split(t, value[n], seq[n]);
            left[n] = splitLeft;
            right[n] = splitRight;
            update(n);
            return n;
        }
        if (compare(value[n], seq[n], value[t], seq[t]) < 0) {
            left[t] = insert(left[t], n);
        } else {
            right[t] = insert(right[t], n);
        }
        update(t);
        return t;
    }

    private int splitLeft, splitRight;

    /** Splits t into keys below (v, s) and the rest. */
    private void split(int t, double v, long s) {
        if (t == NIL) {
            splitLeft = splitRight = NIL;
            return;
        }
        if (compare(value[t], seq[t], v, s) < 0) {
            split(right[t], v, s);
            right[t] = splitLeft;
            update(t);
            splitLeft = t;
        } else {
            split(left[t], v, s);
            left[t] = splitRight;
            update(t);
            splitRight = t;
        }
    }

    private int delete(int t, double v, long s) {
        if (t == NIL) {
            throw new IllegalStateException("not in the multiset: " + v + " #" + s);
        }
        int c = compare(v, s, value[t], seq[t]);
        if (c == 0) {
            int merged = merge(left[t], right[t]);
            right[t] = free;
            free = t;
            return merged;
        }
        if (c < 0) {
            left[t] = delete(left[t], v, s);
        } else {
            right[t] = delete(right[t], v, s);
        }
        update(t);
        return t;
    }

    private int merge(int a, int b) {
        if (a == NIL) {
            return b;
        }
        if (b == NIL) {
            return a;
        }
        if (priority[a] > priority[b]) {
            right[a] = merge(right[a], b);
            update(a);
            return a;
        }
        left[b] = merge(a, left[b]);
        update(b);
        return b;
    }

    private void update(int t) {
        size[t] = size[left[t]] + size[right[t]] + 1;
    }

    private int newNode(double v, long s) {
        int n;
        if (free != NIL) {
            n = free;
            free = right[n];
        } else {
            if (nodes == value.length) {
                grow();
            }
            n = nodes++;
        }
        random ^= random << 13; // xorshift32: a fixed sequence, no allocation
        random ^= random >>> 17;
        random ^= random << 5;
        value[n] = v;
        seq[n] = s;
        left[n] = right[n] = NIL;
        size[n] = 1;
        priority[n] = random;
        return n;
    }

    private void grow() {
        int cap = value.length * 2;
        value = Arrays.copyOf(value, cap);
        seq = Arrays.copyOf(seq, cap);
        left = Arrays.copyOf(left, cap);
        right = Arrays.copyOf(right, cap);
        size = Arrays.copyOf(size, cap);
        priority = Arrays.copyOf(priority, cap);
    }
}

package io.featurizer.core.definitions.transforms;

import io.featurizer.core.state.TimedValues;

import java.util.Arrays;

/**
 * A multiset of doubles that answers rank and k-th smallest in O(log d) expected, d the distinct values: a treap with
 * one node per distinct value and its multiplicity (prices on a tick grid repeat a lot, so the tree stays shallow), in
 * primitive arrays with nodes recycled through a free list, so steady state allocates nothing. Priorities come from a
 * fixed pseudo-random sequence; the tree's shape never changes an answer. No NaN.
 */
final class OrderStatistics implements TimedValues.Summary {
    private static final int NIL = 0; // node 0 is the empty tree: size 0

    private double[] value = new double[16];
    private int[] count = new int[16], size = new int[16], left = new int[16], right = new int[16], priority = new int[16];
    private int root = NIL;
    private int nodes = 1; // slots used so far, node 0 included
    private int free = NIL; // recycled nodes, linked through `right`
    private int random = 0x9E3779B9;

    /** Elements, counted with multiplicity. */
    int size() {
        return size[root];
    }

    @Override
    public void clear() {
        root = NIL;
        nodes = 1;
        free = NIL;
    }

    @Override
    public void add(double v) {
        root = insert(root, v);
    }

    /** Removes one copy of {@code v}, which must be present. */
    @Override
    public void remove(double v) {
        root = delete(root, v);
    }

    /** Elements smaller than {@code v}. */
    int countLess(double v) {
        int n = 0;
        for (int t = root; t != NIL; ) {
            if (value[t] < v) {
                n += size[left[t]] + count[t];
                t = right[t];
            } else {
                t = left[t];
            }
        }
        return n;
    }

    /** Elements smaller than or equal to {@code v}. */
    int countAtMost(double v) {
        int n = 0;
        for (int t = root; t != NIL; ) {
            if (value[t] <= v) {
                n += size[left[t]] + count[t];
                t = right[t];
            } else {
                t = left[t];
            }
        }
        return n;
    }

    /** The average 1-based rank of {@code v}'s copies, (#{< v} + (#{= v} + 1) / 2), in one walk; {@code v} must be present. */
    double midRank(double v) {
        int less = 0;
        for (int t = root; t != NIL; ) {
            if (value[t] < v) {
                less += size[left[t]] + count[t];
                t = right[t];
            } else if (value[t] > v) {
                t = left[t];
            } else {
                return less + size[left[t]] + (count[t] + 1) / 2.0;
            }
        }
        throw new IllegalStateException("not in the multiset: " + v);
    }

    /** The k-th smallest (0-based), k < size. */
    double kth(int k) {
        int t = root;
        while (true) {
            int l = size[left[t]];
            if (k < l) {
                t = left[t];
            } else if (k < l + count[t]) {
                return value[t];
            } else {
                k -= l + count[t];
                t = right[t];
            }
        }
    }

    private int insert(int t, double v) {
        if (t == NIL) {
            return newNode(v);
        }
        if (v == value[t]) {
            count[t]++;
        } else if (v < value[t]) {
            int child = insert(left[t], v); // first: a new node may grow the arrays, and `left[t] = ...` would write the old one
            left[t] = child;
            if (priority[child] > priority[t]) {
                t = rotateRight(t);
            }
        } else {
            int child = insert(right[t], v);
            right[t] = child;
            if (priority[child] > priority[t]) {
                t = rotateLeft(t);
            }
        }
        update(t);
        return t;
    }

    private int delete(int t, double v) {
        if (t == NIL) {
            throw new IllegalStateException("not in the multiset: " + v);
        }
        if (v == value[t]) {
            if (--count[t] == 0) {
                int merged = merge(left[t], right[t]);
                right[t] = free;
                free = t;
                return merged;
            }
        } else if (v < value[t]) {
            left[t] = delete(left[t], v);
        } else {
            right[t] = delete(right[t], v);
        }
        update(t);
        return t;
    }

    private int rotateRight(int t) {
        int l = left[t];
        left[t] = right[l];
        right[l] = t;
        update(t);
        return l;
    }

    private int rotateLeft(int t) {
        int r = right[t];
        right[t] = left[r];
        left[r] = t;
        update(t);
        return r;
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
        size[t] = size[left[t]] + size[right[t]] + count[t];
    }

    private int newNode(double v) {
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
        count[n] = 1;
        size[n] = 1;
        left[n] = right[n] = NIL;
        priority[n] = random;
        return n;
    }

    private void grow() {
        int cap = value.length * 2;
        value = Arrays.copyOf(value, cap);
        count = Arrays.copyOf(count, cap);
        size = Arrays.copyOf(size, cap);
        left = Arrays.copyOf(left, cap);
        right = Arrays.copyOf(right, cap);
        priority = Arrays.copyOf(priority, cap);
    }
}

package io.featurizer.core.definitions;

import io.featurizer.core.state.Snapshottable;
import io.featurizer.core.stream.FixedPointSum;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The sum of the last {@code n} pushed values, some of which may be missing (they hold a place but add nothing):
 * O(1) per push. The sum is exact ({@link FixedPointSum}) over the values times {@code scale} (a power of two, so
 * exact), so it depends only on the values in the window, never on the history of adds and removes; choose the scale
 * so the smallest values stay well above the sum's 2^-64 resolution and the total below 2^62.
 */
public final class RollingExactSum implements Snapshottable {
    private final int n;
    private final double scale;
    private final double[] values;
    private final boolean[] present;
    private final FixedPointSum sum = new FixedPointSum();
    private int count;
    private long steps;

    public RollingExactSum(int n, double scale) {
        if (n <= 0) {
            throw new IllegalArgumentException("a window of " + n + " values");
        }
        this.n = n;
        this.scale = scale;
        this.values = new double[n];
        this.present = new boolean[n];
    }

    /** The next value ({@code has} false: a missing one); the value {@code n} pushes older leaves. */
    public void push(double value, boolean has) {
        int slot = (int) (steps % n);
        if (steps >= n && present[slot]) {
            sum.remove(values[slot]);
            count--;
        }
        values[slot] = has ? value * scale : 0;
        present[slot] = has;
        if (has) {
            sum.add(values[slot]);
            count++;
        }
        steps++;
    }

    /** Values present in the window. */
    public int count() {
        return count;
    }

    /** True when the window holds {@code n} values, none missing. */
    public boolean full() {
        return count == n;
    }

    /** The sum of the values present. */
    public double sum() {
        return sum.value() / scale;
    }

    /** The window's length in pushes. */
    public int size() {
        return n;
    }

    @Override
    public void snapshot(DataOutput out) throws IOException {
        out.writeLong(steps);
        for (int i = 0; i < n; i++) {
            out.writeDouble(values[i]);
            out.writeBoolean(present[i]);
        }
    }

    @Override
    public void restore(DataInput in) throws IOException {
        steps = in.readLong();
        sum.reset();
        count = 0;
        for (int i = 0; i < n; i++) {
            values[i] = in.readDouble();
            present[i] = in.readBoolean();
            if (present[i] && i < steps) { // the sum again from the values (exact)
                sum.add(values[i]);
                count++;
            }
        }
    }
}

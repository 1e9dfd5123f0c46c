package io.featurizer.offline.compute;

/**
 * One time slice {@code [start, end]} (ns since the epoch, inclusive) of a batch compute: its rows are the
 * outputs timed in it. {@code index} is its place in the plan, which is also the order results are joined in.
 */
record Chunk(int index, long start, long end) {
    public Chunk {
        if (start > end) {
            throw new IllegalArgumentException("chunk " + index + " is empty: start " + start + " > end " + end);
        }
    }

    /** Length in ns (saturating). */
    public long length() {
        long n = end - start + 1;
        return n <= 0 ? Long.MAX_VALUE : n;
    }
}

package io.featurizer.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Something whose state can be written to a snapshot and restored from one. Restoring into a fresh
 * instance built with the same params and then continuing must produce exactly the outputs the
 * original would have produced (DESIGN.md section 5).
 */
public interface Snapshottable {
    void snapshot(DataOutput out) throws IOException;

    void restore(DataInput in) throws IOException;
}

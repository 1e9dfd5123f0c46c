package io.featurizer.flink;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/** What a job reads from storage: the store's root and where the replay starts (the range start minus the warm-up). */
record StoredInput(RunSpec spec, String storageRoot, long from) implements Serializable {

    void write(DataOutput out) throws IOException {
        spec.write(out);
        out.writeUTF(storageRoot);
        out.writeLong(from);
    }

    static StoredInput read(DataInput in) throws IOException {
        return new StoredInput(RunSpec.read(in), in.readUTF(), in.readLong());
    }
}

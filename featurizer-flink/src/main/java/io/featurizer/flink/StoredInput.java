package io.featurizer.flink;

import io.featurizer.storage.StorageLocation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;

/** What a job reads from storage: where the store is and where the replay starts (the range start minus the warm-up). */
record StoredInput(RunSpec spec, StorageLocation storage, long from) implements Serializable {

    void write(DataOutput out) throws IOException {
        spec.write(out);
        out.writeUTF(storage.root());
        writeNullable(out, storage.store());
        writeNullable(out, storage.catalog());
        out.writeLong(from);
    }

    static StoredInput read(DataInput in) throws IOException {
        RunSpec spec = RunSpec.read(in);
        StorageLocation location = new StorageLocation(in.readUTF(), readNullable(in), readNullable(in));
        return new StoredInput(spec, location, in.readLong());
    }

    private static void writeNullable(DataOutput out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInput in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}

package io.featurizer.storage.journal;

import io.featurizer.core.event.Events;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes and reads a stream definition (key, schema name, fields and types) as a DEFINITION payload.
 * Field types are stored as fixed codes, not enum ordinals, so reordering {@link FieldType} cannot
 * change the meaning of old journals.
 */
final class SchemaCodec {
    private SchemaCodec() {
    }

    static void write(JournalStream stream, DataOutput out) throws IOException {
        Schema schema = stream.schema();
        out.writeUTF(stream.key());
        out.writeUTF(schema.name());
        out.writeInt(schema.size());
        for (Schema.Field f : schema.fields()) {
            out.writeUTF(f.name());
            out.writeByte(code(f.type()));
        }
    }

    /** Reads a definition; a bad field count or type code is an {@link IOException} naming it. */
    static JournalStream read(int id, DataInput in) throws IOException {
        String key = in.readUTF();
        Schema.Builder b = Schema.builder(in.readUTF());
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative field count " + n);
        }
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            b.add(name, type(in.readByte(), name));
        }
        // the well-known event types get their canonical schema object (identity checks stay cheap)
        return new JournalStream(id, key, Events.newEvent(b.build()).schema());
    }

    private static int code(FieldType type) {
        return switch (type) {
            case DOUBLE -> 1;
            case LONG -> 2;
            case DOUBLE_ARRAY -> 3;
        };
    }

    private static FieldType type(byte code, String field) throws IOException {
        return switch (code) {
            case 1 -> FieldType.DOUBLE;
            case 2 -> FieldType.LONG;
            case 3 -> FieldType.DOUBLE_ARRAY;
            default -> throw new IOException("field '" + field + "' has unknown type code " + code + " (expected 1, 2 or 3)");
        };
    }
}

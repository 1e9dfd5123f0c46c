package io.featurizer.flink;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Schema;
import io.featurizer.core.event.Trade;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * The project's own Flink serializers for the records on the hot path ({@link SourceRecord}, {@link FeatureOutput}):
 * fields written directly, the event in its own {@code Event.write} form, no reflection and never Kryo. Measured
 * against Flink's POJO serializer with the event as a byte array: the profile of {@code FlinkThroughput} had the
 * reflective field access, the byte-array copies and a DataInputStream per record among its top frames.
 */
final class RecordSerializers {
    private static final byte NONE = 0, BOOK = 1, TRADE = 2, QUOTE = 3, OTHER = 4;

    private RecordSerializers() {
    }

    /** An event with a tag for its type; other schemas (synthetic sources) travel with their schema. */
    static void writeEvent(Event e, DataOutputView out) throws IOException {
        if (e == null) {
            out.writeByte(NONE);
            return;
        }
        if (e instanceof BookUpdate) {
            out.writeByte(BOOK);
        } else if (e instanceof Trade) {
            out.writeByte(TRADE);
        } else if (e instanceof Quote) {
            out.writeByte(QUOTE);
        } else {
            out.writeByte(OTHER);
            Schema s = e.schema();
            out.writeUTF(s.name());
            out.writeShort(s.size());
            for (Schema.Field f : s.fields()) {
                out.writeUTF(f.name());
                out.writeByte(f.type().ordinal());
            }
        }
        e.write(out);
    }

    static Event readEvent(DataInputView in) throws IOException {
        byte tag = in.readByte();
        Event e = switch (tag) {
            case NONE -> null;
            case BOOK -> new BookUpdate();
            case TRADE -> new Trade();
            case QUOTE -> new Quote();
            case OTHER -> {
                Schema.Builder b = Schema.builder(in.readUTF());
                int n = in.readShort();
                for (int i = 0; i < n; i++) {
                    String name = in.readUTF();
                    b.add(name, FieldType.values()[in.readByte()]);
                }
                yield Events.newEvent(b.build());
            }
            default -> throw new IOException("unknown event tag " + tag + " in a Flink record");
        };
        if (e != null) {
            e.read(in);
        }
        return e;
    }

    /** {@link SourceRecord}'s type, found by Flink through the class's {@code @TypeInfo}. */
    public static final class SourceRecordInfo extends TypeInfoFactory<SourceRecord> {
        @Override
        public TypeInformation<SourceRecord> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return new Info<>(SourceRecord.class, SourceRecordSerializer.INSTANCE);
        }
    }

    /** {@link FeatureOutput}'s type, found by Flink through the class's {@code @TypeInfo}. */
    public static final class FeatureOutputInfo extends TypeInfoFactory<FeatureOutput> {
        @Override
        public TypeInformation<FeatureOutput> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return new Info<>(FeatureOutput.class, FeatureOutputSerializer.INSTANCE);
        }
    }

    /** {@link GroupChange}'s type, found by Flink through the class's {@code @TypeInfo}. */
    public static final class GroupChangeInfo extends TypeInfoFactory<GroupChange> {
        @Override
        public TypeInformation<GroupChange> createTypeInfo(Type t, Map<String, TypeInformation<?>> params) {
            return new Info<>(GroupChange.class, GroupChangeSerializer.INSTANCE);
        }
    }

    /** A type with one serializer. */
    static final class Info<T> extends TypeInformation<T> {
        private final Class<T> type;
        private final TypeSerializer<T> serializer;

        Info(Class<T> type, TypeSerializer<T> serializer) {
            this.type = type;
            this.serializer = serializer;
        }

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<T> getTypeClass() {
            return type;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<T> createSerializer(SerializerConfig config) {
            return serializer;
        }

        @Deprecated
        public TypeSerializer<T> createSerializer(ExecutionConfig config) {
            return serializer;
        }

        @Override
        public String toString() {
            return type.getSimpleName();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info<?> i && i.type == type;
        }

        @Override
        public int hashCode() {
            return type.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info<?>;
        }
    }

    static final class SourceRecordSerializer extends TypeSerializerSingleton<SourceRecord> {
        static final SourceRecordSerializer INSTANCE = new SourceRecordSerializer();

        /** Never changed once sent ({@link SourceRecord}): a chained hand-off passes the record itself. */
        @Override
        public boolean isImmutableType() {
            return true;
        }

        @Override
        public SourceRecord createInstance() {
            return new SourceRecord();
        }

        @Override
        public SourceRecord copy(SourceRecord from) {
            return from;
        }

        @Override
        public SourceRecord copy(SourceRecord from, SourceRecord reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(SourceRecord r, DataOutputView out) throws IOException {
            out.writeInt(r.route);
            out.writeInt(r.rank);
            out.writeByte(r.kind);
            out.writeLong(r.key);
            out.writeLong(r.nextKey);
            writeEvent(r.event, out);
        }

        @Override
        public SourceRecord deserialize(DataInputView in) throws IOException {
            return new SourceRecord(in.readInt(), in.readInt(), in.readByte(), in.readLong(), in.readLong(), readEvent(in));
        }

        @Override
        public SourceRecord deserialize(SourceRecord reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public TypeSerializerSnapshot<SourceRecord> snapshotConfiguration() {
            return new SourceRecordSnapshot();
        }
    }

    public static final class SourceRecordSnapshot extends SimpleTypeSerializerSnapshot<SourceRecord> {
        public SourceRecordSnapshot() {
            super(() -> SourceRecordSerializer.INSTANCE);
        }
    }

    static final class FeatureOutputSerializer extends TypeSerializerSingleton<FeatureOutput> {
        static final FeatureOutputSerializer INSTANCE = new FeatureOutputSerializer();

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public FeatureOutput createInstance() {
            return new FeatureOutput();
        }

        @Override
        public FeatureOutput copy(FeatureOutput from) {
            return new FeatureOutput(from.feature, from.inputTime, from.inputOrder, from.event);
        }

        @Override
        public FeatureOutput copy(FeatureOutput from, FeatureOutput reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(FeatureOutput o, DataOutputView out) throws IOException {
            out.writeInt(o.feature);
            out.writeLong(o.inputTime);
            out.writeLong(o.inputOrder);
            out.writeInt(o.event.length);
            out.write(o.event);
        }

        @Override
        public FeatureOutput deserialize(DataInputView in) throws IOException {
            int feature = in.readInt();
            long time = in.readLong();
            long order = in.readLong();
            byte[] event = new byte[in.readInt()];
            in.readFully(event);
            return new FeatureOutput(feature, time, order, event);
        }

        @Override
        public FeatureOutput deserialize(FeatureOutput reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public TypeSerializerSnapshot<FeatureOutput> snapshotConfiguration() {
            return new FeatureOutputSnapshot();
        }
    }

    public static final class FeatureOutputSnapshot extends SimpleTypeSerializerSnapshot<FeatureOutput> {
        public FeatureOutputSnapshot() {
            super(() -> FeatureOutputSerializer.INSTANCE);
        }
    }

    static final class GroupChangeSerializer extends TypeSerializerSingleton<GroupChange> {
        static final GroupChangeSerializer INSTANCE = new GroupChangeSerializer();

        @Override
        public boolean isImmutableType() {
            return false;
        }

        @Override
        public GroupChange createInstance() {
            return new GroupChange();
        }

        @Override
        public GroupChange copy(GroupChange from) {
            return new GroupChange(from.key, from.tie, from.sub, from.ts, from.receiptTs, from.outputs);
        }

        @Override
        public GroupChange copy(GroupChange from, GroupChange reuse) {
            return copy(from);
        }

        @Override
        public int getLength() {
            return -1;
        }

        @Override
        public void serialize(GroupChange c, DataOutputView out) throws IOException {
            out.writeLong(c.key);
            out.writeLong(c.tie);
            out.writeInt(c.sub);
            out.writeLong(c.ts);
            out.writeLong(c.receiptTs);
            out.writeInt(c.outputs.length);
            out.write(c.outputs);
        }

        @Override
        public GroupChange deserialize(DataInputView in) throws IOException {
            long key = in.readLong();
            long tie = in.readLong();
            int sub = in.readInt();
            long ts = in.readLong();
            long receiptTs = in.readLong();
            byte[] outputs = new byte[in.readInt()];
            in.readFully(outputs);
            return new GroupChange(key, tie, sub, ts, receiptTs, outputs);
        }

        @Override
        public GroupChange deserialize(GroupChange reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override
        public TypeSerializerSnapshot<GroupChange> snapshotConfiguration() {
            return new GroupChangeSnapshot();
        }
    }

    public static final class GroupChangeSnapshot extends SimpleTypeSerializerSnapshot<GroupChange> {
        public GroupChangeSnapshot() {
            super(() -> GroupChangeSerializer.INSTANCE);
        }
    }
}

package io.featurizer.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.offline.VectorJsonLines;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a group of push clients receives: a subset of the outputs in one format. The hub encodes each vector once
 * per view that has clients, and every client of the view gets the same {@link PushMessage}.
 *
 * <p>JSON: the object of {@link VectorJsonLines#write(GroupedNamedDataEvent, long, long)} without the newline.
 *
 * <p>Binary, little-endian, 40-byte header then the values:
 * <pre>
 * offset  type     field
 *  0      int32    magic 0x31565A46 (the bytes "FZV1")
 *  4      int32    n, the number of values
 *  8      int64    vector: number of the vector in the server's stream, from 0 (a gap means missed vectors)
 * 16      int64    sequence: global ingestion sequence of the input that produced the vector
 * 24      int64    timestamp: exchange time of that input, ns since the Unix epoch
 * 32      int64    receipt_timestamp: its local receipt time, ns since the Unix epoch
 * 40      float64  n values, in the order of the columns of the first (text) message
 * </pre>
 * The values are the scalar fields of the chosen features ({@code LONG} fields as doubles, exact below 2^53); a
 * missing value is NaN; book levels (array fields) are not in binary frames. Before the first frame the client
 * gets one text message {@code {"format":"binary","columns":["mid-value",...]}} naming the values.
 */
final class VectorView {
    static final int MAGIC = 0x31565A46;
    static final int HEADER_BYTES = 40;

    enum Format { JSON, BINARY }

    private final Format format;
    private final List<Feature> selected;
    // JSON
    private final Bytes bytes;
    private final VectorJsonLines json;
    // binary: (output, field) of each value
    private final int[] valueOutput;
    private final int[] valueField;
    private final List<String> columns = new ArrayList<>();

    VectorView(List<Feature> outputs, List<Feature> selected, Format format) {
        this.format = format;
        this.selected = List.copyOf(selected);
        try {
            this.bytes = format == Format.JSON ? new Bytes() : null;
            this.json = format == Format.JSON ? new VectorJsonLines(bytes, outputs, selected) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<int[]> values = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            Feature f = outputs.get(i);
            if (!selected.contains(f)) {
                continue;
            }
            Schema s = f.schema();
            String[] keys = VectorJsonLines.columnKeys(f);
            for (int k = 0; k < s.size(); k++) {
                if (s.type(k) != FieldType.DOUBLE_ARRAY) {
                    values.add(new int[]{i, k});
                    columns.add(keys[k]);
                }
            }
        }
        valueOutput = values.stream().mapToInt(v -> v[0]).toArray();
        valueField = values.stream().mapToInt(v -> v[1]).toArray();
    }

    boolean matches(List<Feature> otherSelected, Format otherFormat) {
        return format == otherFormat && selected.equals(otherSelected);
    }

    Format format() {
        return format;
    }

    List<Feature> selected() {
        return selected;
    }

    /** The text message a binary client gets before the first frame; null for JSON. */
    String intro() {
        if (format == Format.JSON) {
            return null;
        }
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("format", "binary");
            g.writeArrayFieldStart("columns");
            for (String c : columns) {
                g.writeString(c);
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Encodes one vector (on the engine thread; the view is used by that thread only). */
    PushMessage encode(GroupedNamedDataEvent g, long sequence, long vector) {
        if (format == Format.BINARY) {
            return new PushMessage(vector, true, binary(g, sequence, vector));
        }
        return new PushMessage(vector, false, json(g, sequence, vector));
    }

    /** UTF-8 JSON straight into a reused buffer, copied once (through a Writer, a StringBuffer and a String it cost 2–3 times more). */
    private byte[] json(GroupedNamedDataEvent g, long sequence, long vector) {
        try {
            json.write(g, sequence, vector);
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // an in-memory stream does not fail
        }
        byte[] b = bytes.withoutNewline();
        bytes.reset();
        return b;
    }

    /** A byte buffer that hands out its content without the line's newline. */
    private static final class Bytes extends java.io.ByteArrayOutputStream {
        Bytes() {
            super(512);
        }

        byte[] withoutNewline() {
            return java.util.Arrays.copyOf(buf, count - 1);
        }
    }

    private byte[] binary(GroupedNamedDataEvent g, long sequence, long vector) {
        int n = valueOutput.length;
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(n).putLong(vector).putLong(sequence).putLong(g.ts()).putLong(g.receiptTs());
        for (int v = 0; v < n; v++) {
            Event e = g.event(valueOutput[v]);
            int f = valueField[v];
            double x = e == null ? Double.NaN : e.schema().type(f) == FieldType.LONG ? (double) e.getLong(f) : e.getDouble(f);
            b.putDouble(x);
        }
        return b.array();
    }
}

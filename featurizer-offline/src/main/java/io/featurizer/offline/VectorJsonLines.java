package io.featurizer.offline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes combined vectors as JSON lines, one object per vector: {@code {"timestamp":..,"receipt_timestamp":..,"{name}-{field}":value,...}}
 * (NaN and missing values are null, book levels are arrays), with precomputed keys. {@code replay --out}, {@code live --out} and the
 * Flink runner's combined vectors ({@code flink run --emit vectors}) all write this.
 */
public final class VectorJsonLines implements AutoCloseable {

    private final JsonGenerator json;
    private final String[][] keys;

    public VectorJsonLines(Writer out, List<Feature> features) throws IOException {
        this.json = new JsonFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller owns the writer
        json.setRootValueSeparator(null); // one object per line: the newline is the only separator
        this.keys = new String[features.size()][];
        for (int i = 0; i < features.size(); i++) {
            Schema s = features.get(i).schema();
            keys[i] = new String[s.size()];
            for (int f = 0; f < s.size(); f++) {
                keys[i][f] = features.get(i).name() + "-" + s.field(f).name();
            }
        }
    }

    public void write(GroupedNamedDataEvent g) throws IOException {
        json.writeStartObject();
        json.writeNumberField("timestamp", g.ts());
        json.writeNumberField("receipt_timestamp", g.receiptTs());
        for (int i = 0; i < g.size(); i++) {
            Event e = g.event(i);
            Schema s = g.feature(i).schema();
            for (int f = 0; f < s.size(); f++) {
                json.writeFieldName(keys[i][f]);
                if (e == null) {
                    json.writeNull();
                } else if (s.type(f) == FieldType.LONG) {
                    json.writeNumber(e.getLong(f));
                } else if (s.type(f) == FieldType.DOUBLE) {
                    number(e.getDouble(f));
                } else {
                    double[] values = e.getArray(f);
                    json.writeStartArray();
                    for (int k = 0, n = e.arrayLength(f); k < n; k++) {
                        number(values[k]);
                    }
                    json.writeEndArray();
                }
            }
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** Hands what was written so far to the writer (a caller writing one vector at a time into a buffer). */
    public void flush() throws IOException {
        json.flush();
    }

    private void number(double v) throws IOException {
        if (Double.isFinite(v)) {
            json.writeNumber(v);
        } else {
            json.writeNull();
        }
    }

    @Override
    public void close() throws IOException {
        json.close(); // flushes into the writer
    }
}

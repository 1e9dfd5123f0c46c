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
 * Flink runner's combined vectors ({@code flink run --emit vectors}) all write this; the feature server ({@code featurizer serve})
 * pushes the same object with {@code "sequence"} and {@code "vector"} after the two times ({@link #write(GroupedNamedDataEvent, long, long)}),
 * optionally for a subset of the outputs.
 */
public final class VectorJsonLines implements AutoCloseable {

    private final JsonGenerator json;
    /** Positions of the written outputs among the vector's outputs, in the vector's order. */
    private final int[] outputs;
    private final String[][] keys;

    public VectorJsonLines(Writer out, List<Feature> features) throws IOException {
        this(out, features, features);
    }

    /**
     * Writes only the columns of {@code selected}, a subset of the vector's outputs {@code features}; they are written in the
     * vector's order, whatever the order of {@code selected}.
     */
    public VectorJsonLines(Writer out, List<Feature> features, List<Feature> selected) throws IOException {
        this(new JsonFactory().createGenerator(out), features, selected);
    }

    /** UTF-8 bytes into {@code out}: the feature server encodes each pushed vector so, with no text stage in between. */
    public VectorJsonLines(java.io.OutputStream out, List<Feature> features, List<Feature> selected) throws IOException {
        this(new JsonFactory().createGenerator(out), features, selected);
    }

    private VectorJsonLines(JsonGenerator generator, List<Feature> features, List<Feature> selected) {
        this.json = generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // the caller owns the writer
        json.setRootValueSeparator(null); // one object per line: the newline is the only separator
        int n = 0;
        for (Feature f : features) {
            n += selected.contains(f) ? 1 : 0;
        }
        if (n != selected.size()) {
            throw new IllegalArgumentException("selected outputs " + selected + " are not all among " + features);
        }
        this.outputs = new int[n];
        this.keys = new String[n][];
        for (int i = 0, k = 0; i < features.size(); i++) {
            if (selected.contains(features.get(i))) {
                outputs[k] = i;
                keys[k++] = columnKeys(features.get(i));
            }
        }
    }

    /** The JSON keys of a feature's fields: {@code {name}-{field}}. */
    public static String[] columnKeys(Feature feature) {
        Schema s = feature.schema();
        String[] k = new String[s.size()];
        for (int f = 0; f < s.size(); f++) {
            k[f] = feature.name() + "-" + s.field(f).name();
        }
        return k;
    }

    public void write(GroupedNamedDataEvent g) throws IOException {
        json.writeStartObject();
        json.writeNumberField("timestamp", g.ts());
        json.writeNumberField("receipt_timestamp", g.receiptTs());
        values(g);
    }

    /**
     * A vector with {@code "sequence"} (the global ingestion sequence of the input that produced it) and {@code "vector"}
     * (the number of the vector in its stream, counting from 0) after the two times.
     */
    public void write(GroupedNamedDataEvent g, long sequence, long vector) throws IOException {
        json.writeStartObject();
        json.writeNumberField("timestamp", g.ts());
        json.writeNumberField("receipt_timestamp", g.receiptTs());
        json.writeNumberField("sequence", sequence);
        json.writeNumberField("vector", vector);
        values(g);
    }

    private void values(GroupedNamedDataEvent g) throws IOException {
        for (int k = 0; k < outputs.length; k++) {
            int i = outputs[k];
            writeFields(json, keys[k], g.event(i), g.feature(i).schema());
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** One feature's fields as {@code "key":value} pairs inside an open object (all null when {@code e} is null). */
    public static void writeFields(JsonGenerator json, String[] keys, Event e, Schema s) throws IOException {
        for (int f = 0; f < s.size(); f++) {
            json.writeFieldName(keys[f]);
            if (e == null) {
                json.writeNull();
            } else if (s.type(f) == FieldType.LONG) {
                json.writeNumber(e.getLong(f));
            } else if (s.type(f) == FieldType.DOUBLE) {
                number(json, e.getDouble(f));
            } else {
                double[] values = e.getArray(f);
                json.writeStartArray();
                for (int k = 0, n = e.arrayLength(f); k < n; k++) {
                    number(json, values[k]);
                }
                json.writeEndArray();
            }
        }
    }

    /** Hands what was written so far to the writer (a caller writing one vector at a time into a buffer). */
    public void flush() throws IOException {
        json.flush();
    }

    private static void number(JsonGenerator json, double v) throws IOException {
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

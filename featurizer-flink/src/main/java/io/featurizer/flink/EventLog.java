package io.featurizer.flink;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.Feature;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The Kafka layout of normalized market events (docs/flink.md, "Kafka as the event log"), version 1.
 *
 * <ul>
 *   <li><b>Topics:</b> one per data type, {@code {prefix}.{type}}: {@code l2_book}, {@code trades}, {@code ticker}.</li>
 *   <li><b>Key:</b> the data source id, UTF-8 ({@code BINANCE:spot:BTC-USDT:trades}). <b>Partition:</b> one per
 *       source, its index among the config's sources of that type, so a partition holds one source in its order.</li>
 *   <li><b>Value, binary</b> (default): byte {@code 1} (the format version), the recorder's ingestion sequence (int64,
 *       big-endian), then the event: exchange time and receipt time (int64 ns since the epoch) and the fields of its
 *       data type in schema order (int64 or IEEE-754 float64; an array as an int32 length and its float64s), the form
 *       {@code Event.write} gives. A header {@code featurizer.format} says {@code binary-v1}.</li>
 *   <li><b>Value, JSON</b> ({@code --format json}, for consumers outside Java): one object {@code {"source":…, "seq":…,
 *       "ts":…, "receipt_ts":…, field: value…}} with the same names as the storage views; header {@code json-v1}.</li>
 * </ul>
 */
public final class EventLog {
    public static final byte VERSION = 1;
    public static final String FORMAT_HEADER = "featurizer.format";
    public static final String BINARY = "binary-v1";
    public static final String JSON = "json-v1";

    private EventLog() {
    }

    /** Where a {@code kafka://HOST:PORT/PREFIX} URL points. */
    public record Target(String bootstrapServers, String prefix) {
        /** Parses {@code kafka://HOST:PORT[,HOST:PORT…]/PREFIX}; a bad URL is an {@link IllegalArgumentException} saying what was expected. */
        public static Target parse(String url) {
            String expected = "expected kafka://HOST:PORT/PREFIX, e.g. kafka://localhost:9092/market";
            if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("kafka://")) {
                throw new IllegalArgumentException("'" + url + "': " + expected);
            }
            String rest = url.substring("kafka://".length());
            int slash = rest.indexOf('/');
            String servers = slash < 0 ? rest : rest.substring(0, slash);
            String prefix = slash < 0 ? "" : rest.substring(slash + 1);
            if (servers.isBlank() || !servers.matches("[A-Za-z0-9._\\-\\[\\]:]+(,[A-Za-z0-9._\\-\\[\\]:]+)*") || !servers.matches(".*:\\d+.*")) {
                throw new IllegalArgumentException("'" + url + "': no HOST:PORT; " + expected);
            }
            if (prefix.isBlank() || !prefix.matches("[A-Za-z0-9._\\-]+")) {
                throw new IllegalArgumentException("'" + url + "': the topic prefix must be letters, digits, '.', '_' or '-'; " + expected);
            }
            URI.create("kafka://" + servers.split(",")[0]); // rejects what a URI cannot hold
            return new Target(servers, prefix);
        }
    }

    /** The topic of a data source's type. */
    public static String topic(String prefix, Feature source) {
        return prefix + "." + source.schema().name();
    }

    public static byte[] key(Feature source) {
        return source.dataSourceId().getBytes(StandardCharsets.UTF_8);
    }

    /** Binary values, reusing one buffer (one writer per thread). */
    public static final class Writer {
        private final DataOutputSerializer out = new DataOutputSerializer(256);

        public byte[] binary(long sequence, Event e) {
            out.clear();
            try {
                out.writeByte(VERSION);
                out.writeLong(sequence);
                e.write(out);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            return out.getCopyOfBuffer();
        }

        public static byte[] json(Feature source, long sequence, Event e) {
            StringBuilder b = new StringBuilder(160);
            b.append("{\"source\":\"").append(source.dataSourceId()).append("\",\"seq\":").append(sequence)
                    .append(",\"ts\":").append(e.ts()).append(",\"receipt_ts\":").append(e.receiptTs());
            Schema schema = e.schema();
            for (int i = 0; i < schema.size(); i++) {
                b.append(",\"").append(schema.fields().get(i).name()).append("\":");
                switch (schema.fields().get(i).type()) {
                    case LONG -> b.append(e.getLong(i));
                    case DOUBLE -> number(b, e.getDouble(i));
                    case DOUBLE_ARRAY -> {
                        b.append('[');
                        int n = e.arrayLength(i);
                        double[] values = e.getArray(i);
                        for (int k = 0; k < n; k++) {
                            if (k > 0) {
                                b.append(',');
                            }
                            number(b, values[k]);
                        }
                        b.append(']');
                    }
                }
            }
            return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }

        private static void number(StringBuilder b, double v) {
            if (Double.isFinite(v)) {
                b.append(v);
            } else {
                b.append("null");
            }
        }
    }

    /** The ingestion sequence of a binary value; an unknown version is an {@link IllegalArgumentException} naming it. */
    static long sequence(byte[] value) {
        checkVersion(value);
        long s = 0;
        for (int i = 1; i < 9; i++) {
            s = (s << 8) | (value[i] & 0xff);
        }
        return s;
    }

    /** Reads the event of a binary value into {@code into} (of the source's type). */
    static void decodeInto(byte[] value, Event into) {
        checkVersion(value);
        try {
            into.read(new DataInputDeserializer(value, 9, value.length - 9));
        } catch (IOException e) {
            throw new IllegalArgumentException("a " + into.schema().name() + " event of " + value.length + " bytes does not decode: " + e.getMessage(), e);
        }
    }

    private static void checkVersion(byte[] value) {
        if (value == null || value.length < 9 || value[0] != VERSION) {
            throw new IllegalArgumentException("not a featurizer binary-v" + VERSION + " event: "
                    + (value == null || value.length == 0 ? "empty value" : value.length < 9 ? value.length + " bytes" : "version " + value[0]));
        }
    }
}

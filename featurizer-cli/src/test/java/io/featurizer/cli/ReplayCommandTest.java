package io.featurizer.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.featurizer.cli.FeaturizerCliTest.Result;
import io.featurizer.offline.VectorJsonLines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static io.featurizer.cli.StorageCommandsTest.assertUserError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code featurizer replay}: record a few seconds from the simulator, replay them into JSON lines. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    static final String CONFIG = """
            feature_configs:
              - feature_definition: l2_book.l2_snapshot_fd
                name: book_top5
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                  feature:
                    0: {depth: 5, sampling: raw}
              - feature_definition: price.mid_price_fd
                name: mid_price
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi_1m
                params:
                  data_source:
                    - {exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}
                  feature:
                    0: {window: 1m}
            """;

    static final Set<String> COLUMNS = Set.of("timestamp", "receipt_timestamp", "book_top5-bid_prices", "book_top5-bid_sizes",
            "book_top5-ask_prices", "book_top5-ask_sizes", "mid_price-mid_price", "tvi_1m-tvi");

    private static final JsonFactory JSON = new JsonFactory();

    /** One JSON line as a flat object: numbers as Double or Long, arrays as List<Double>, null as null. */
    static Map<String, Object> parse(String line) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(line)) {
            assertEquals(JsonToken.START_OBJECT, p.nextToken(), line);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_ARRAY) {
                    List<Double> values = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        values.add(p.currentToken() == JsonToken.VALUE_NULL ? null : p.getDoubleValue());
                    }
                    m.put(name, values);
                } else if (t == JsonToken.VALUE_NUMBER_INT) {
                    m.put(name, p.getLongValue());
                } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                    m.put(name, p.getDoubleValue());
                } else {
                    assertEquals(JsonToken.VALUE_NULL, t, line);
                    m.put(name, null);
                }
            }
            assertEquals(null, p.nextToken(), "one object per line: " + line);
        }
        return m;
    }

    @Test
    void replaysARecordingIntoJsonLines() throws IOException {
        Path cfg = dir.resolve("replay.yaml");
        Files.writeString(cfg, CONFIG);
        String storage = dir.resolve("store").toString();
        Result rec = run("record", "--config", cfg.toString(), "--storage", storage, "--duration", "3s", "--rate", "500");
        assertEquals(0, rec.code(), rec.err());

        Path out = dir.resolve("vectors.jsonl");
        Result replay = run("replay", "--config", cfg.toString(), "--storage", storage, "--out", out.toString(), "--order", "sequence");
        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().matches("(?s)replayed [1-9][0-9,]* input events in \\[first stored event, last stored event] into [1-9][0-9,]* combined vectors -> .*"),
                replay.out());
        List<String> lines = Files.readAllLines(out);
        assertTrue(lines.size() > 10, "vectors: " + lines.size());
        List<Long> times = new ArrayList<>();
        for (String line : lines) {
            assertTrue(line.startsWith("{\"timestamp\":") && line.endsWith("}"), line);
            Map<String, Object> v = parse(line);
            assertEquals(COLUMNS, v.keySet(), line);
            long ts = (Long) v.get("timestamp");
            assertTrue(v.get("receipt_timestamp") instanceof Long, line); // the simulator's market clock and ours differ: no order between them
            times.add(ts);
            // the mid price is the middle of the top of the book in the same vector
            List<?> bids = (List<?>) v.get("book_top5-bid_prices"), asks = (List<?>) v.get("book_top5-ask_prices");
            assertTrue(bids.size() >= 1 && bids.size() <= 5, line);
            double mid = ((Double) bids.get(0) + (Double) asks.get(0)) / 2;
            assertEquals(mid, ((Number) v.get("mid_price-mid_price")).doubleValue(), 1e-9, line);
            double tvi = ((Number) v.get("tvi_1m-tvi")).doubleValue();
            assertTrue(tvi >= -2 && tvi <= 2, line); // 2(buy - sell)/(buy + sell)
        }
        // a range: only vectors whose input lies in it (the first input in range may be a synthesized book snapshot)
        long from = times.get(times.size() / 3), to = times.get(times.size() * 2 / 3);
        Result part = run("replay", "--config", cfg.toString(), "--storage", storage, "--from", Long.toString(from), "--to", Long.toString(to),
                "--order", "sequence");
        assertEquals(0, part.code(), part.err());
        List<String> partLines = part.out().lines().toList();
        assertTrue(!partLines.isEmpty() && partLines.size() < lines.size(), part.err());
        for (String line : partLines) {
            long ts = (Long) parse(line).get("timestamp");
            assertTrue(ts >= from && ts <= to, line);
        }
        assertTrue(part.err().contains("combined vectors"), part.err());
    }

    @Test
    void nanAndMissingValuesAreNull() throws IOException {
        var config = io.featurizer.core.config.FeaturizerConfig.parse(CONFIG, "replay.yaml");
        var features = config.features();
        var book = new io.featurizer.core.event.FeatureEvent(features.get(0).schema());
        book.setTimes(5, 6);
        double[] bids = book.arrayForWrite(0, 2);
        bids[0] = 100.5;
        bids[1] = Double.NaN;
        book.arrayForWrite(1, 0);
        book.arrayForWrite(2, 0);
        book.arrayForWrite(3, 0);
        var mid = new io.featurizer.core.event.FeatureEvent(features.get(1).schema()).set(0, Double.NaN);
        var vector = new io.featurizer.core.feature.GroupedNamedDataEvent(features,
                new io.featurizer.core.event.Event[] {book, mid, null}, new boolean[] {true, true, false});
        vector.setTimes(7, 8);
        java.io.StringWriter text = new java.io.StringWriter();
        try (VectorJsonLines lines = new VectorJsonLines(text, features)) {
            lines.write(vector);
            lines.write(vector);
        }
        String line = "{\"timestamp\":7,\"receipt_timestamp\":8,\"book_top5-bid_prices\":[100.5,null],\"book_top5-bid_sizes\":[],"
                + "\"book_top5-ask_prices\":[],\"book_top5-ask_sizes\":[],\"mid_price-mid_price\":null,\"tvi_1m-tvi\":null}\n";
        assertEquals(line + line, text.toString());
    }

    @Test
    void mistakesExitTwoWithOneLine() throws IOException {
        Path cfg = dir.resolve("replay.yaml");
        Files.writeString(cfg, CONFIG);
        String storage = dir.resolve("empty").toString();
        assertUserError(run("replay", "--config", cfg.toString(), "--storage", storage), "--storage " + storage + ": no such folder");
        Files.createDirectories(Path.of(storage));
        assertUserError(run("replay", "--config", cfg.toString(), "--storage", storage), "no stored data");
        assertUserError(run("replay", "--config", cfg.toString(), "--storage", storage, "--from", "yesterday"), "--from 'yesterday'");
        assertUserError(run("replay", "--config", cfg.toString(), "--storage", storage, "--from", "2023-02-02", "--to", "2023-02-01 10:00:00"),
                "range is empty");
        assertUserError(run("replay", "--config", cfg.toString(), "--storage", storage, "--order", "random"), "--order 'random'");
    }
}

package io.featurizer.cli;

import io.featurizer.cli.FeaturizerCliTest.Result;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.featurizer.cli.FeaturizerCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flink commands as a user runs them, with a real in-JVM Kafka broker (KRaft): {@code record --to storage --to
 * kafka://…} against the local simulator, then {@code flink run --source kafka://… --out} gives the table {@code
 * compute --order sequence} gives over the same recording kept in storage; {@code flink plan}; wrong values exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlinkCommandTest {
    static final String CONFIG = """
            feature_configs:
              - feature_definition: tvi.trade_volume_imb_fd
                name: tvi_10s
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}], feature: {0: {window: 10s}}}
              - feature_definition: price.mid_price_fd
                name: mid
                params: {data_source: [{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}]}
            """;

    KafkaClusterTestKit kafka;
    @TempDir
    Path dir;
    Path config;

    @BeforeAll
    void startKafka() throws Exception {
        kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
    }

    @AfterAll
    void stopKafka() throws Exception {
        kafka.close();
    }

    Path config() throws Exception {
        Path c = dir.resolve("x.yaml");
        Files.writeString(c, CONFIG);
        return c;
    }

    /** Every row of a feature table, each cell as text, in file order. */
    static List<String> rows(Path parquet) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + parquet + "')")) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                rows.add(b.toString());
            }
        }
        return rows;
    }

    @Test
    void recordToKafkaThenFlinkFromKafkaEqualsComputeOverTheSameRecording() throws Exception {
        Path cfg = config();
        String store = dir.resolve("store").toString();
        String log = "kafka://" + kafka.bootstrapServers() + "/market";
        Result rec = run("record", "--config", cfg.toString(), "--storage", store, "--to", "storage", "--to", log, "--duration", "3s", "--rate", "500");
        assertEquals(0, rec.code(), rec.out() + rec.err());
        assertTrue(rec.out().contains("publishing 2 data sources to Kafka"), rec.out());
        assertTrue(rec.out().matches("(?s).*published [1-9][0-9,]* events to Kafka.*"), rec.out());

        Path computed = dir.resolve("compute.parquet");
        Result c = run("compute", "--config", cfg.toString(), "--storage", store, "--order", "sequence", "--out", computed.toString(), "--no-progress");
        assertEquals(0, c.code(), c.out() + c.err());
        Path flink = dir.resolve("flink.parquet");
        Result f = run("flink", "run", "--config", cfg.toString(), "--source", log, "--out", flink.toString(), "--parallelism", "2");
        assertEquals(0, f.code(), f.out() + f.err());
        List<String> expected = rows(computed);
        assertTrue(expected.size() > 100, "rows: " + expected.size());
        assertEquals(expected, rows(flink), "flink run --source kafka == compute --order sequence over the same recording");

        // the same job into a store: its features' blocks are listed there, one row per output of the table's row feature
        String features = dir.resolve("features").toString();
        Result s = run("flink", "run", "--config", cfg.toString(), "--source", log, "--until-end", "--sink", "storage", "--storage", features,
                "--parallelism", "2", "--checkpoint-every", "100ms");
        assertEquals(0, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("feature outputs committed to storage " + features), s.out());
        Result sql = run("sql", "--storage", features, "--csv", "SELECT sum(event_count) FROM blocks WHERE path LIKE '%trade_volume_imb%'");
        assertEquals(0, sql.code(), sql.out() + sql.err());
        assertEquals(String.valueOf(expected.size()), sql.out().lines().reduce((a, b) -> b).orElse("").trim(), sql.out());

        // combined vectors: flink run --emit vectors prints the lines replay writes over the same recording
        Path replayed = dir.resolve("vectors.jsonl");
        Result r = run("replay", "--config", cfg.toString(), "--storage", store, "--order", "sequence", "--out", replayed.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> vectors = Files.readAllLines(replayed);
        assertTrue(vectors.size() > 100, "vectors: " + vectors.size());
        Result v = run("flink", "run", "--config", cfg.toString(), "--storage", store, "--order", "sequence", "--emit", "vectors", "--parallelism", "2");
        assertEquals(0, v.code(), v.err());
        assertEquals(vectors, v.out().lines().filter(l -> l.startsWith("{")).toList(), "flink run --emit vectors == replay --out");
        assertTrue(v.out().contains("flink: " + String.format(java.util.Locale.ROOT, "%,d", vectors.size()) + " combined vectors"), v.out());
    }

    @Test
    void planPrintsTheGroupsAndWrongValuesExitTwoOnOneLine() throws Exception {
        Path cfg = config();
        Result plan = run("flink", "plan", "--config", cfg.toString(), "--parallelism", "2");
        assertEquals(0, plan.code(), plan.err());
        assertTrue(plan.out().contains("2 feature groups (keys) over 2 data sources, parallelism 2"), plan.out());
        assertTrue(plan.out().contains("feature   tvi_10s  (tvi.trade_volume_imb_fd)"), plan.out());

        String[][] wrong = {
                {"flink", "plan", "--config", cfg.toString(), "--parallelism", "0"},
                {"flink", "run", "--config", cfg.toString(), "--source", "kafak://x:1/p"},
                {"flink", "run", "--config", cfg.toString(), "--source", "kafka://nohost/p"},
                {"flink", "run", "--config", cfg.toString(), "--sink", "s3://bucket"},
                {"flink", "run", "--config", cfg.toString(), "--sink", "prnt"},
                {"flink", "run", "--config", cfg.toString(), "--storage", dir.resolve("missing").toString()},
                {"flink", "run", "--config", cfg.toString(), "--source", "kafka://localhost:9/p", "--from", "2023-01-01"},
                {"flink", "run", "--config", cfg.toString(), "--checkpoint-every", "1ns"},
                {"flink", "run", "--config", cfg.toString(), "--emit", "vector"},
                {"flink", "run", "--config", cfg.toString(), "--emit", "both"},
                {"record", "--config", cfg.toString(), "--to", "kafka://localhost:9092"},
                {"record", "--config", cfg.toString(), "--to", "files"},
                {"record", "--config", cfg.toString(), "--to", "kafka://localhost:9092/m", "--format", "avro"},
        };
        String[] expected = {"--parallelism 0: expected 1..128", "--source 'kafak://x:1/p': expected storage, live or kafka://HOST:PORT/PREFIX; did you mean 'kafka://'?",
                "--source 'kafka://nohost/p': no HOST:PORT", "--sink 's3://bucket': expected print, storage or kafka://",
                "--sink 'prnt': expected print, storage or kafka://HOST:PORT/PREFIX (or --out FILE for the feature table); did you mean 'print'?", "no such folder",
                "--from/--to select stored data", "--checkpoint-every 1ns: expected at least 10ms",
                "--emit 'vector': expected features, vectors or both; did you mean 'vectors'?", "--emit both goes with --sink kafka://", "the topic prefix must be",
                "--to 'files': expected storage or kafka://HOST:PORT/PREFIX", "--format 'avro': expected binary or json"};
        for (int i = 0; i < wrong.length; i++) {
            Result r = run(wrong[i]);
            assertEquals(2, r.code(), String.join(" ", wrong[i]) + ": " + r.out() + r.err());
            assertTrue(r.err().contains(expected[i]), String.join(" ", wrong[i]) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }
}

package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.emitter.DataSourceCallback;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.FieldType;
import io.featurizer.core.event.Trade;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureTable;
import io.featurizer.storage.Storage;
import io.featurizer.storage.journal.FsyncPolicy;
import io.featurizer.storage.record.CountBasedCompactor;
import io.featurizer.storage.record.Recorder;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage → Flink → feature table equals {@code featurizer compute} on the same store, value for value: two symbols
 * (four feature groups over four sources) recorded from the synthetic market, trades' receipt times shifted so they tie
 * and invert with the books', on a real MiniCluster at parallelism 1 and 2, on receipt and on exchange time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlinkBackfillTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final String BTC = "{exchange: BINANCE, instrument_type: spot, symbol: BTC-USDT}";
    static final String ETH = "{exchange: BINANCE, instrument_type: spot, symbol: ETH-USDT}";

    static String config(String ordering, String label) {
        return """
                feature_configs:
                  - feature_definition: price.mid_price_fd
                    name: btc_mid
                    params: {data_source: [%1$s]}
                  - feature_definition: tvi.trade_volume_imb_fd
                    name: btc_tvi_10s
                    params: {data_source: [%1$s], feature: {0: {window: 10s}}}
                  - feature_definition: volatility.volatility_stddev_fd
                    name: btc_vol_30s
                    params: {data_source: [%1$s], feature: {0: {window: 30s}}}
                  - feature_definition: ohlcv.ohlcv_fd
                    name: eth_ohlcv_5s
                    params: {data_source: [%2$s], feature: {0: {window: 5s}}}
                  - feature_definition: spread.relative_bid_ask_spread_fd
                    name: eth_spread
                    params: {data_source: [%2$s]}
                %3$s%4$s""".formatted(BTC, ETH, ordering, label);
    }

    static final String EXCHANGE_TIME = """
            ordering:
              time: exchange
              allowed_lateness: 20ms
              late_events: drop
            """;

    static final long DAY = 86_400_000_000_000L;

    Path store;
    Path days;

    @BeforeAll
    void record(@TempDir Path dir) {
        store = dir.resolve("store");
        try (Storage storage = Storage.open(store)) {
            record(storage, dir.resolve("journal"), 60);
        }
        days = dir.resolve("days");
        try (Storage storage = Storage.open(days);
             Recorder recorder = Recorder.open(storage, dir.resolve("days-journal"), FsyncPolicy.NEVER, new CountBasedCompactor(1_500))) {
            recordOverDays(20, (source, e) -> recorder.callback(source).onEvent(source, e));
        }
    }

    /**
     * The two symbols' market cut into pieces of 5 s, piece k moved k days on and all of it so that each piece straddles
     * a UTC midnight: five days of data, every day boundary crossed mid-stream (trades' receipt times 30 ms early, so
     * receipt and exchange time sit on different days around midnight).
     */
    static void recordOverDays(int seconds, DataSourceCallback out) {
        long[] t0 = {Long.MIN_VALUE};
        record(seconds, (source, e) -> {
            if (t0[0] == Long.MIN_VALUE) {
                t0[0] = e.ts();
            }
            long piece = (e.ts() - t0[0]) / 5_000_000_000L;
            long shift = Math.floorDiv(t0[0], DAY) * DAY + DAY - (t0[0] + 2_500_000_000L) + piece * DAY;
            Event moved = e.copy();
            moved.setTimes(e.ts() + shift, e.receiptTs() + shift);
            out.onEvent(source, moved);
        });
    }

    /** Two symbols' books and trades interleaved in time through one recorder; trades received 30 ms early. */
    static void record(Storage storage, Path journal, int seconds) {
        try (Recorder recorder = Recorder.open(storage, journal, FsyncPolicy.NEVER, new CountBasedCompactor(2_000))) {
            record(seconds, (source, e) -> recorder.callback(source).onEvent(source, e));
        }
    }

    /** The two symbols' market, each accepted event handed to {@code out} in acceptance order. */
    static void record(int seconds, DataSourceCallback out) {
        Feature[] books = {Features.l2Book("BINANCE", "spot", "BTC-USDT"), Features.l2Book("BINANCE", "spot", "ETH-USDT")};
        Feature[] trades = {Features.trades("BINANCE", "spot", "BTC-USDT"), Features.trades("BINANCE", "spot", "ETH-USDT")};
        SyntheticMarket[] markets = {new SyntheticMarket(SyntheticMarket.Config.defaults(7).withRates(200, 60, 0)),
                new SyntheticMarket(SyntheticMarket.Config.defaults(8).withRates(150, 90, 0))};
        long end = markets[0].config().startNanos() + seconds * 1_000_000_000L;
        Trade shifted = new Trade();
        SyntheticMarket.Channel[] channel = new SyntheticMarket.Channel[2];
        for (int m = 0; m < 2; m++) {
            channel[m] = markets[m].next();
        }
        while (true) {
            int m = markets[0].event().ts() <= markets[1].event().ts() ? 0 : 1;
            Event e = markets[m].event();
            if (e.ts() > end) {
                break;
            }
            if (channel[m] == SyntheticMarket.Channel.L2_BOOK) {
                out.onEvent(books[m], e);
            } else if (channel[m] == SyntheticMarket.Channel.TRADES) {
                shifted.copyFrom(e);
                shifted.setTimes(e.ts(), e.receiptTs() - 30_000_000L);
                out.onEvent(trades[m], shifted);
            }
            channel[m] = markets[m].next();
        }
    }

    FeatureTable compute(String yaml) {
        try (Storage storage = Storage.openReadOnly(store)) {
            return BatchCompute.compute(storage, FeaturizerConfig.parse(yaml, "x.yaml"), Long.MIN_VALUE, Long.MAX_VALUE, 1);
        }
    }

    FeatureTable flink(String yaml, int parallelism, long from, long to) throws Exception {
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false); // a record Flink would hand to Kryo fails the job
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noKryo);
        env.setParallelism(parallelism);
        return new FlinkBackfill(store, yaml, "x.yaml", parallelism).run(env, from, to);
    }

    @Test
    void thePlanSpreadsTheGroupsOverTheSubtasks() {
        FlinkPlan plan = FlinkPlan.of(FeaturizerConfig.parse(config("", ""), "x.yaml"), 2);
        assertEquals(4, plan.groups().size(), plan.describe());
        int[] perSubtask = new int[2];
        for (var g : plan.groups()) {
            perSubtask[org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(plan.route(g), FlinkPlan.MAX_PARALLELISM, 2)]++;
        }
        assertEquals("[2, 2]", Arrays.toString(perSubtask), plan.describe());
    }

    @ParameterizedTest(name = "{0} time, parallelism {1}")
    @CsvSource({"receipt, 1", "receipt, 2", "exchange, 2"})
    void storageThroughFlinkEqualsCompute(String time, int parallelism) throws Exception {
        String yaml = config(time.equals("exchange") ? EXCHANGE_TIME : "", "");
        FeatureTable expected = compute(yaml);
        assertTrue(expected.rowCount() > 500, "rows: " + expected.rowCount());
        assertSameTable(expected, flink(yaml, parallelism, Long.MIN_VALUE, Long.MAX_VALUE), time + " time, parallelism " + parallelism);
    }

    @ParameterizedTest(name = "{0} time")
    @CsvSource({"receipt", "exchange"})
    void aStoreOverSeveralDaysReadThroughDaySplitsEqualsCompute(String time) throws Exception {
        String yaml = config(time.equals("exchange") ? EXCHANGE_TIME : "", "");
        FeaturizerConfig config = FeaturizerConfig.parse(yaml, "x.yaml");
        FeatureTable expected;
        try (Storage storage = Storage.openReadOnly(days)) {
            List<StoredSplit> splits = StoredSplit.of(storage, FlinkPlan.of(config, 2).sources(), Long.MIN_VALUE + 1);
            assertEquals(4 * 5, splits.size(), "four sources over five days: " + splits);
            expected = BatchCompute.compute(storage, config, Long.MIN_VALUE, Long.MAX_VALUE, 1);
        }
        assertTrue(expected.rowCount() > 150, "rows: " + expected.rowCount());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Faults.restartTwice());
        env.setParallelism(2);
        env.enableCheckpointing(150);
        Faults.reset();
        FeatureTable actual = new FlinkBackfill(days, yaml, "x.yaml", 2)
                .between(records -> records.map(new Faults.FailOnceAfterACheckpoint()).returns(SourceRecord.class))
                .run(env, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(Faults.FAILED.get() && Faults.CHECKPOINTS_BEFORE_FAILURE.get() > 0, "failed once after a checkpoint");
        assertSameTable(expected, actual, "five days, " + time + " time, a failure mid-stream");
    }

    @Test
    void aFeatureLabelSetOverASubRangeEqualsCompute() throws Exception {
        String yaml = config("", "label_feature: 0\nlabel_lookahead: 2s\n");
        FeaturizerConfig config = FeaturizerConfig.parse(yaml, "x.yaml");
        long from, to;
        try (Storage storage = Storage.openReadOnly(store)) {
            long[] span = io.featurizer.offline.StoredStream.span(storage, io.featurizer.core.feature.FeatureGroup.sourcesOf(config.features()));
            from = span[0] + 20_000_000_000L;
            to = span[0] + 40_000_000_000L;
            FeatureTable expected = BatchCompute.compute(storage, config, from, to, 1);
            assertTrue(expected.rowCount() > 100, "rows: " + expected.rowCount());
            assertSameTable(expected, flink(yaml, 2, from, to), "label, [20 s, 40 s]");
        }
    }

    @Test
    void aFailureMidStreamRestartsFromTheLastCheckpointWithTheSameTable() throws Exception {
        String yaml = config(EXCHANGE_TIME, "");
        FeatureTable expected = compute(yaml);
        Faults.reset();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Faults.restartTwice());
        env.setParallelism(2);
        env.enableCheckpointing(150);
        FeatureTable actual = new FlinkBackfill(store, yaml, "x.yaml", 2)
                .between(records -> records.map(new Faults.FailOnceAfterACheckpoint()).returns(SourceRecord.class))
                .run(env, Long.MIN_VALUE, Long.MAX_VALUE);
        assertTrue(Faults.FAILED.get(), "the job failed once");
        assertTrue(Faults.CHECKPOINTS_BEFORE_FAILURE.get() > 0, "a checkpoint completed before the failure");
        assertSameTable(expected, actual, "restarted from a checkpoint");
    }

    static void assertSameTable(FeatureTable expected, FeatureTable actual, String what) {
        assertEquals(expected.columnNames(), actual.columnNames(), what);
        assertEquals(expected.rowCount(), actual.rowCount(), what + ": rows");
        for (int r = 0; r < expected.rowCount(); r++) {
            assertEquals(expected.timestamp(r), actual.timestamp(r), what + ": row " + r + " timestamp");
            assertEquals(expected.receiptTimestamp(r), actual.receiptTimestamp(r), what + ": row " + r + " receipt_timestamp");
            for (int c = 0; c < expected.columnCount(); c++) {
                String cell = what + ": row " + r + ", " + expected.columnNames().get(c);
                assertEquals(expected.isNull(r, c), actual.isNull(r, c), cell);
                if (expected.isNull(r, c)) {
                    continue;
                }
                if (expected.columnType(c) == FieldType.DOUBLE_ARRAY) {
                    assertTrue(Arrays.equals(expected.getArray(r, c), actual.getArray(r, c)), cell);
                } else {
                    assertEquals(Double.doubleToRawLongBits(expected.getDouble(r, c)), Double.doubleToRawLongBits(actual.getDouble(r, c)), cell);
                }
            }
        }
    }
}

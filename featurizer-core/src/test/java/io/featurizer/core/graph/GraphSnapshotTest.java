package io.featurizer.core.graph;

import io.featurizer.core.event.Event;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.core.feature.NamedDataEvent;
import io.featurizer.core.synthetic.SyntheticMarket;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshot mid-stream, restore into a fresh graph, continue: outputs equal an uninterrupted run (DESIGN.md section 5). */
class GraphSnapshotTest {
    final Feature book = Features.l2Book("BINANCE", "spot", "BTC-USDT");
    final Feature trades = Features.trades("BINANCE", "spot", "BTC-USDT");
    final Feature ticker = Features.ticker("BINANCE", "spot", "BTC-USDT");
    // second and third instruments for the cross-instrument definitions, each from its own synthetic market
    final Feature perpBook = Features.l2Book("BINANCE_FUTURES", "perpetual", "BTC-USDT");
    final Feature okxBook = Features.l2Book("OKX", "spot", "BTC-USDT");
    final Feature derivativeTicker = Features.derivativeTicker("BINANCE_FUTURES", "perpetual", "BTC-USDT");
    final Feature liquidations = Features.liquidations("BINANCE_FUTURES", "perpetual", "BTC-USDT");

    /** A micro-price table for the synthetic market's 0.01 tick: one- and two-tick spreads, four imbalance buckets. */
    static final java.nio.file.Path MICRO_PRICE_TABLE = microPriceTable();

    private static java.nio.file.Path microPriceTable() {
        StringBuilder csv = new StringBuilder("tick_size,spread_ticks,imbalance_bucket,imbalance_from,imbalance_to,observations,adjustment,iterations\n");
        for (int s = 1; s <= 2; s++) {
            for (int b = 0; b < 4; b++) {
                csv.append("0.01,").append(s).append(',').append(b).append(',').append(b / 4.0).append(',').append((b + 1) / 4.0)
                        .append(",100,").append((b - 1.5) * 0.002 * s).append(",5\n");
            }
        }
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("micro-price", ".csv");
            file.toFile().deleteOnExit();
            return java.nio.file.Files.writeString(file, csv);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every built-in feature definition, in several parameterizations. */
    List<Feature> allBuiltIns() {
        Feature snap5 = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book);
        Feature mid = Features.feature("price.mid_price_fd", Map.of(), snap5);
        Feature perpMid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), perpBook));
        Feature okxMid = Features.feature("price.mid_price_fd", Map.of(), Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), okxBook));
        return concat(List.of(
                snap5,
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 25), book),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", -1), book),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 3, "sampling", "1s"), book),
                Features.feature("l2_book.l2_snapshot_fd", Map.of("sampling", "skip_all"), book),
                mid,
                Features.feature("price.mid_price_fd", Map.of("dep_schema", "ticker"), ticker),
                Features.feature("spread.relative_bid_ask_spread_fd", Map.of(), snap5),
                Features.feature("spread.relative_bid_ask_spread_fd", Map.of("dep_schema", "ticker"), ticker),
                Features.feature("volatility.volatility_stddev_fd", Map.of("window", "10s"), mid),
                Features.feature("tvi.trade_volume_imb_fd", Map.of("window", "10s"), trades),
                Features.feature("tvi.trade_volume_imb_fd", Map.of("window", "10s", "sampling", "1s"), trades),
                Features.feature("ohlcv.ohlcv_fd", Map.of("window", "5s"), trades),
                Features.feature("transforms.diff", Map.of("window", "3s"), mid),
                Features.feature("cross.basis", Map.of(), perpMid, mid),
                Features.feature("cross.cross_venue_spread", Map.of(), mid, okxMid),
                Features.feature("cross.correlation", Map.of("interval", "100ms", "window", "2s"), perpMid, mid),
                Features.feature("cross.beta", Map.of("interval", "100ms", "window", "2s"), okxMid, mid),
                Features.feature("cross.lead_lag", Map.of("interval", "100ms", "window", "2s", "max_lag", 3), perpMid, mid),
                Features.feature("book.spread_bps", Map.of(), snap5),
                Features.feature("book.weighted_mid", Map.of(), snap5),
                Features.feature("book.top_imbalance", Map.of(), snap5),
                Features.feature("book.queue_imbalance", Map.of(), snap5),
                Features.feature("book.depth_imbalance", Map.of("depth", 5, "decay", 0.5), snap5),
                Features.feature("book.depth_within_bps", Map.of("bps", 5), snap5),
                Features.feature("book.slope", Map.of("depth", 3), snap5),
                Features.feature("flow.ofi", Map.of("window", "5s"), snap5),
                Features.feature("flow.multi_level_ofi", Map.of("window", "5s", "depth", 3), snap5),
                Features.feature("book.micro_price", Map.of("table", MICRO_PRICE_TABLE.toString()), snap5),
                Features.feature("flow.signed_volume", Map.of("window", "5s"), trades),
                Features.feature("flow.trade_count", Map.of("window", "5s"), trades),
                Features.feature("flow.arrival_rate", Map.of("window", "5s"), trades),
                Features.feature("flow.trade_count_imbalance", Map.of("window", "5s"), trades),
                Features.feature("flow.vwap", Map.of("window", "5s"), trades),
                Features.feature("flow.roll_spread", Map.of("window", "5s"), trades),
                Features.feature("flow.kyle_lambda", Map.of("interval", "100ms", "window", "3s"), mid, trades),
                Features.feature("flow.amihud", Map.of("interval", "100ms", "window", "2s"), mid, trades),
                Features.feature("flow.vpin", Map.of("bucket_volume", 0.5, "buckets", 5), trades),
                Features.feature("returns.log_return", Map.of("horizon", "2s"), mid),
                Features.feature("returns.realized_variance", Map.of("interval", "100ms", "window", "2s"), mid),
                Features.feature("returns.realized_variance", Map.of("interval", "200ms", "window", "2s", "annualize", true), mid),
                Features.feature("derivatives.funding_annualized", Map.of(), derivativeTicker),
                Features.feature("derivatives.mark_index_basis", Map.of(), derivativeTicker),
                Features.feature("derivatives.open_interest_change", Map.of("window", "2s"), derivativeTicker),
                Features.feature("derivatives.liquidation_volume", Map.of("window", "5s"), liquidations)),
                barsAndTransforms(mid));
    }

    /** The bars, range-volatility estimators and transforms (io.featurizer.core.definitions.bars and .transforms). */
    List<Feature> barsAndTransforms(Feature mid) {
        Feature timeBars = Features.feature("bars.time", Map.of("window", "500ms"), trades);
        Feature tickBars = Features.feature("bars.tick", Map.of("ticks", 7), trades);
        return List.of(timeBars, tickBars,
                Features.feature("bars.volume", Map.of("volume", 2.5), trades),
                Features.feature("bars.dollar", Map.of("notional", 60_000), trades),
                Features.feature("bars.tick_imbalance", Map.of("initial_ticks", 10, "span", 5), trades),
                Features.feature("bars.tick_imbalance", Map.of("initial_ticks", 10, "sign", "taker_side"), trades),
                Features.feature("returns.parkinson", Map.of("bars", 5), tickBars),
                Features.feature("returns.garman_klass", Map.of("bars", 5), timeBars),
                Features.feature("returns.yang_zhang", Map.of("bars", 5), tickBars),
                Features.feature("transforms.ewma", Map.of("half_life", "1s"), mid),
                Features.feature("transforms.ewma", Map.of("half_life_events", 10), mid),
                Features.feature("transforms.zscore", Map.of("window", "2s"), mid),
                Features.feature("transforms.zscore", Map.of("window", "3s", "field", "close"), tickBars),
                Features.feature("transforms.minmax", Map.of("window", "2s"), mid),
                Features.feature("transforms.quantile", Map.of("window", "2s", "q", 0.9), mid),
                Features.feature("transforms.lag", Map.of("events", 5), mid),
                Features.feature("transforms.lag", Map.of("delay", "1s"), mid),
                Features.feature("transforms.pct_change", Map.of("periods", 3), mid),
                Features.feature("transforms.clip", Map.of("lo", -1, "hi", 1), Features.feature("transforms.zscore", Map.of("window", "2s"), mid)));
    }

    private static List<Feature> concat(List<Feature> a, List<Feature> b) {
        List<Feature> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    record Input(Feature source, Event event) {
    }

    List<Input> tape(int n, long seed) {
        SyntheticMarket m = new SyntheticMarket(SyntheticMarket.Config.defaults(seed).withRates(3000, 800, 400));
        SyntheticMarket perp = new SyntheticMarket(SyntheticMarket.Config.defaults(seed + 1).withRates(600, 0, 0));
        SyntheticMarket okx = new SyntheticMarket(SyntheticMarket.Config.defaults(seed + 2).withRates(600, 0, 0));
        perp.next();
        okx.next();
        List<Input> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // the three markets merged by time: the main one, then the two books of the other instruments
            SyntheticMarket.Channel c = m.next();
            while (perp.event().ts() <= m.event().ts() || okx.event().ts() <= m.event().ts()) {
                if (perp.event().ts() <= okx.event().ts()) {
                    out.add(new Input(perpBook, perp.event().copy()));
                    perp.next();
                } else {
                    out.add(new Input(okxBook, okx.event().copy()));
                    okx.next();
                }
            }
            Feature source = switch (c) {
                case L2_BOOK -> book;
                case TRADES -> trades;
                case TICKER -> ticker;
            };
            out.add(new Input(source, m.event().copy()));
        }
        return DerivativesTape.mixIn(out, Input::event, derivativeTicker, liquidations, seed, Input::new);
    }

    /** Per-feature outputs and combined vectors of feeding {@code inputs[from, to)}. */
    static final class Run {
        final FeatureStreamGraph graph;
        final List<NamedDataEvent> outputs = new ArrayList<>();
        final List<GroupedNamedDataEvent> vectors = new ArrayList<>();

        Run(FeatureStreamGraph.Builder b, List<Feature> features) {
            graph = b.combineOutputs(v -> vectors.add(v.copy())).emitWithMissing(true).build();
            for (Feature f : features) {
                graph.getStream(f).subscribe((feature, e) -> outputs.add(new NamedDataEvent(feature, e.copy())));
            }
        }

        void feed(List<Input> inputs, int from, int to) {
            for (int i = from; i < to; i++) {
                graph.emit(inputs.get(i).source(), inputs.get(i).event());
            }
        }
    }

    void assertRestoreMatches(FeatureStreamGraph.Builder b1, FeatureStreamGraph.Builder b2, FeatureStreamGraph.Builder b3) {
        assertRestoreMatches(b1, b2, b3, 17_123);
    }

    void assertRestoreMatches(FeatureStreamGraph.Builder b1, FeatureStreamGraph.Builder b2, FeatureStreamGraph.Builder b3, int cut) {
        List<Feature> features = allBuiltIns();
        List<Input> inputs = tape(30_000, 11);

        Run uninterrupted = new Run(b1, features);
        uninterrupted.feed(inputs, 0, inputs.size());
        uninterrupted.graph.flush();

        Run first = new Run(b2, features);
        first.feed(inputs, 0, cut);
        byte[] snapshot = first.graph.snapshot();
        Run restored = new Run(b3, features);
        restored.graph.restore(snapshot);
        restored.feed(inputs, cut, inputs.size());
        restored.graph.flush();

        List<NamedDataEvent> expectedOutputs = uninterrupted.outputs.subList(first.outputs.size(), uninterrupted.outputs.size());
        List<GroupedNamedDataEvent> expectedVectors = uninterrupted.vectors.subList(first.vectors.size(), uninterrupted.vectors.size());
        assertTrue(expectedOutputs.size() > 5_000, "the second half produces outputs");
        assertEquals(expectedOutputs.size(), restored.outputs.size());
        for (int i = 0; i < expectedOutputs.size(); i++) {
            assertEquals(expectedOutputs.get(i), restored.outputs.get(i), "output " + i + " after restore");
        }
        assertEquals(expectedVectors.size(), restored.vectors.size());
        for (int i = 0; i < expectedVectors.size(); i++) {
            assertTrue(expectedVectors.get(i).equals(restored.vectors.get(i)), "vector " + i + " after restore differs");
        }
        for (Feature f : features) {
            if (!f.params().getString("sampling", "raw").equals("skip_all")) {
                assertTrue(uninterrupted.outputs.stream().anyMatch(o -> o.feature().equals(f)), f + " produced output");
            }
        }
    }

    @Test
    void receiptTimeGraphRestoresToTheSameOutputs() {
        assertRestoreMatches(FeatureStreamGraph.builder(allBuiltIns()), FeatureStreamGraph.builder(allBuiltIns()),
                FeatureStreamGraph.builder(allBuiltIns()));
    }

    /** Every built-in, snapshot at a random point (the fixed cuts above are one case each). */
    @net.jqwik.api.Property(tries = 4)
    void everyBuiltInRestoresAtARandomPoint(@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 12_000) int cut) {
        assertRestoreMatches(FeatureStreamGraph.builder(allBuiltIns()), FeatureStreamGraph.builder(allBuiltIns()),
                FeatureStreamGraph.builder(allBuiltIns()), cut);
    }

    /** A new built-in must join {@link #allBuiltIns()}: its snapshot is then checked like the others'. */
    @Test
    void theRestoreTestsCoverEveryRegisteredFeatureDefinition() {
        java.util.Set<String> covered = new java.util.TreeSet<>();
        for (Feature f : allBuiltIns()) {
            covered.add(f.definition().name());
        }
        io.featurizer.core.feature.DefinitionRegistry registry = io.featurizer.core.feature.DefinitionRegistry.getDefault();
        for (String name : registry.names()) {
            io.featurizer.core.feature.DataDefinition d = registry.get(name);
            if (!d.isDataSource() && !name.startsWith("synthetic.")) {
                assertTrue(covered.contains(name), name + " is registered but not in GraphSnapshotTest.allBuiltIns()");
            }
        }
    }

    @Test
    void eventTimeGraphRestoresBufferedEventsAndWatermark() {
        java.util.function.Supplier<FeatureStreamGraph.Builder> b = () -> FeatureStreamGraph.builder(allBuiltIns())
                .timeField(TimeField.EXCHANGE).allowedLateness(50_000_000L).idleTimeout(2_000_000_000L).sampleEvery(250_000_000L);
        assertRestoreMatches(b.get(), b.get(), b.get());
    }

    @Test
    void everyVectorShowsExactlyTheLastEventEachOutputEmitted() {
        List<Feature> features = allBuiltIns();
        java.util.Map<Feature, Event> lastEmitted = new java.util.HashMap<>();
        int[] checked = {0};
        FeatureStreamGraph g = FeatureStreamGraph.builder(features).emitWithMissing(true).combineOutputs(v -> {
            for (int i = 0; i < v.size(); i++) {
                Event expected = lastEmitted.get(v.feature(i));
                if (expected == null) {
                    assertEquals(null, v.event(i));
                } else {
                    assertTrue(expected.equals(v.event(i)), v.feature(i) + " shows " + v.event(i) + " but last emitted " + expected);
                }
            }
            checked[0]++;
        }).build();
        for (Feature f : features) {
            g.getStream(f).subscribe((feature, e) -> lastEmitted.put(feature, e.copy()));
        }
        for (Input in : tape(20_000, 5)) {
            g.emit(in.source(), in.event());
        }
        assertTrue(checked[0] > 10_000);
    }

    /**
     * A feature's state that its operator does not read exactly (a snapshot of another version of the definition, whose
     * state changed shape) is refused, naming the feature: one byte more, one byte less.
     */
    @Test
    void aStateOfAnotherShapeIsRefusedNotRestoredIntoWrongValues() throws java.io.IOException {
        Feature snap = Features.feature("l2_book.l2_snapshot_fd", Map.of("depth", 5), book);
        Feature ofi = Features.feature("flow.ofi", Map.of("window", "10s"), snap);
        FeatureStreamGraph g = FeatureStreamGraph.builder(List.of(ofi)).build();
        for (Input in : tape(2_000, 3)) {
            if (in.source() == book) {
                g.emit(book, in.event());
            }
        }
        byte[] good = g.snapshot();
        FeatureStreamGraph.builder(List.of(ofi)).build().restore(good); // as taken: restores
        for (int extra : new int[] {1, -1}) {
            byte[] bad = withState(good, ofi.key(), extra);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> FeatureStreamGraph.builder(List.of(ofi)).build().restore(bad));
            assertTrue(e.getMessage().contains("feature " + ofi.name() + " (flow.ofi) does not fit its operator"), e.getMessage());
            assertTrue(e.getMessage().contains(extra > 0 ? "1 of them are left unread" : "ends before"), e.getMessage());
        }
        // bytes of another shape, as long as the real state: counts and flows read as nonsense, refused all the same
        byte[] garbled = withState(good, ofi.key(), 0, (byte) 0x7F);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> FeatureStreamGraph.builder(List.of(ofi)).build().restore(garbled));
        assertTrue(e.getMessage().contains("does not fit its operator"), e.getMessage());
    }

    /** The snapshot with the state of the feature of that key one byte longer (a zero appended) or shorter. */
    private static byte[] withState(byte[] snapshot, String key, int extra) throws java.io.IOException {
        return withState(snapshot, key, extra, null);
    }

    /** ... and, unless {@code fill} is null, every byte of that state after its first 40 set to {@code fill}. */
    private static byte[] withState(byte[] snapshot, String key, int extra, Byte fill) throws java.io.IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(snapshot));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeInt(in.readInt()); // version
        int count = in.readInt();
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            String k = in.readUTF();
            byte[] state = new byte[in.readInt()];
            in.readFully(state);
            if (k.equals(key)) {
                state = java.util.Arrays.copyOf(state, state.length + extra);
                if (fill != null) {
                    java.util.Arrays.fill(state, Math.min(40, state.length), state.length, fill);
                }
            }
            out.writeUTF(k);
            out.writeInt(state.length);
            out.write(state);
        }
        in.transferTo(out);
        return bytes.toByteArray();
    }

    @Test
    void aSnapshotOfAnotherGraphIsRefused() {
        FeatureStreamGraph g = FeatureStreamGraph.builder(allBuiltIns()).build();
        FeatureStreamGraph other = FeatureStreamGraph.builder(List.of(Features.feature("ohlcv.ohlcv_fd", Map.of(), trades))).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.restore(g.snapshot()));
        assertTrue(e.getMessage().contains("features"), e.getMessage());
    }
}

package io.featurizer.exchanges.live;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.binance.BinanceProtocol;
import io.featurizer.exchanges.bybit.BybitCategory;
import io.featurizer.exchanges.bybit.BybitEncoder;
import io.featurizer.exchanges.bybit.BybitProtocol;
import io.featurizer.exchanges.okx.OkxEncoder;
import io.featurizer.exchanges.okx.OkxProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import io.featurizer.exchanges.sim.ExchangeSimulator.RestFailure;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds that behave like good citizens, against the simulator's faults over loopback: REST snapshots and
 * WebSocket reconnects back off exponentially (capped, with jitter), a venue's Retry-After is waited, and a feed
 * whose every subscription is refused says so with the venue's reason. Spacing is checked against the policy's
 * lower bounds (a slow machine only makes gaps longer), never exact wall-clock times.
 */
class FeedBackoffTest {
    private static final SyntheticMarket.Config MARKET = SyntheticMarket.Config.defaults(3).withRates(2_000, 0, 0);

    private static LiveEventEmitter emitter(String exchange, ExchangeSimulator sim, ReconnectPolicy policy, Feature source) {
        LiveEventEmitter e = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of(exchange, sim.webSocketUri()),
                Map.of(exchange, sim.restUri())), 1 << 12, policy, 30_000, DeliveryMode.INLINE);
        e.registerCallback(source, (f, ev) -> { });
        return e;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Test
    void restFailingForTenSecondsIsRetriedAtMostFifteenTimes() throws Exception {
        BinanceProtocol binance = BinanceProtocol.spot();
        try (ExchangeSimulator sim = new ExchangeSimulator(binance, binance.newEncoder(), List.of("BTC-USDT"), MARKET).start(200)) {
            sim.failRest(RestFailure.serverError());
            LiveEventEmitter emitter = emitter("BINANCE", sim, ReconnectPolicy.DEFAULT, Features.l2Book("BINANCE", "spot", "BTC-USDT"));
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("a first snapshot request", () -> !sim.restRequestTimes().isEmpty());
                Thread.sleep(10_000);
                List<Long> times = sim.restRequestTimes();
                // 100 ms doubling, ±20 %: requests at about 0, 0.1, 0.3, 0.7, 1.5, 3.1, 6.3 s: 7 in 10 s (no backoff: thousands)
                assertTrue(times.size() >= 4 && times.size() <= 15, times.size() + " requests in 10 s");
                for (int i = 1; i < times.size(); i++) {
                    long gap = times.get(i) - times.get(i - 1);
                    double base = Math.min(30_000, 100 * Math.pow(2, i - 1));
                    assertTrue(gap >= (long) (0.8 * base * 1e6) - 20_000_000L,
                            "gap " + i + " is " + seconds(gap) + " s, at least 0.8 x " + base + " ms expected");
                }
                FeedStats stats = emitter.stats().get("BINANCE/spot");
                assertEquals(times.size(), stats.restRequests());
                assertTrue(stats.restFailures() >= times.size() - 1);
                assertEquals(0, stats.bans());
                assertTrue(!emitter.isSynced("BINANCE", "spot", "BTC-USDT"));

                sim.failRest(null); // the venue recovers: the next retry gets the book
                LiveFeedSimulatorTest.waitFor("synced after REST recovered", () -> emitter.isSynced("BINANCE", "spot", "BTC-USDT"));
            } finally {
                emitter.stop();
            }
        }
    }

    @Test
    void deltasBufferedWhileTheSnapshotIsLateLeaveInReceiptOrder() throws Exception {
        BinanceProtocol binance = BinanceProtocol.spot();
        try (ExchangeSimulator sim = new ExchangeSimulator(binance, binance.newEncoder(), List.of("BTC-USDT"), MARKET).start(200)) {
            sim.failRest(RestFailure.serverError());
            List<long[]> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of("BINANCE", sim.webSocketUri()),
                    Map.of("BINANCE", sim.restUri())), 1 << 12, ReconnectPolicy.DEFAULT, 30_000, DeliveryMode.INLINE);
            emitter.registerCallback(Features.l2Book("BINANCE", "spot", "BTC-USDT"),
                    (f, ev) -> seen.add(new long[] {ev.receiptTs(), ((io.featurizer.core.event.BookUpdate) ev).isSnapshot() ? 1 : 0, ev.ts()}));
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("a first snapshot request", () -> !sim.restRequestTimes().isEmpty());
                Thread.sleep(300); // deltas arrive and wait for the snapshot
                sim.failRest(null);
                LiveFeedSimulatorTest.waitFor("synced", () -> emitter.isSynced("BINANCE", "spot", "BTC-USDT"));
                LiveFeedSimulatorTest.waitFor("deltas after the snapshot", () -> seen.size() > 20);
            } finally {
                emitter.stop();
            }
            assertEquals(1, seen.get(0)[1], "the snapshot comes first");
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i)[0] >= seen.get(i - 1)[0], "event " + i + " was received before event " + (i - 1));
            }
            // Binance spot's REST snapshot has no time: it takes the market time of the deltas it covers, not the
            // wall clock of its arrival (the simulated market runs in 2023), so exchange time does not jump back after it
            long snapshotTs = seen.get(0)[2];
            assertTrue(snapshotTs < MARKET.startNanos() + 3_600_000_000_000L, "snapshot stamped " + snapshotTs + ", not with the market's time");
            assertTrue(snapshotTs <= seen.get(1)[2], "the snapshot's time " + snapshotTs + " is not after the first delta's " + seen.get(1)[2]);
        }
    }

    @Test
    void rateLimitRetryAfterIsWaited() throws Exception {
        BinanceProtocol binance = BinanceProtocol.spot();
        try (ExchangeSimulator sim = new ExchangeSimulator(binance, binance.newEncoder(), List.of("BTC-USDT"), MARKET).start(200)) {
            sim.failRest(RestFailure.rateLimited(2));
            LiveEventEmitter emitter = emitter("BINANCE", sim, ReconnectPolicy.DEFAULT, Features.l2Book("BINANCE", "spot", "BTC-USDT"));
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("a first snapshot request", () -> !sim.restRequestTimes().isEmpty());
                sim.failRest(null); // only the first answer is a 429; the retry must still wait the 2 s it asked
                LiveFeedSimulatorTest.waitFor("synced after the wait", () -> emitter.isSynced("BINANCE", "spot", "BTC-USDT"));
                List<Long> times = sim.restRequestTimes();
                assertEquals(2, times.size(), "one 429, then one request after Retry-After");
                assertTrue(times.get(1) - times.get(0) >= 1_990_000_000L, "waited " + seconds(times.get(1) - times.get(0)) + " s of 2");
                assertEquals(1, emitter.stats().get("BINANCE/spot").bans());
            } finally {
                emitter.stop();
            }
        }
    }

    @Test
    void aVenueThatAcceptsAndDropsIsReconnectedWithGrowingCappedGaps() throws Exception {
        BybitProtocol bybit = new BybitProtocol(BybitCategory.LINEAR);
        try (ExchangeSimulator sim = new ExchangeSimulator(bybit, new BybitEncoder(bybit), List.of("BTC-USDT"), MARKET).start(0)) {
            sim.dropOnAccept(true);
            ReconnectPolicy policy = new ReconnectPolicy(50, 800, 0.2, 30_000);
            LiveEventEmitter emitter = emitter("BYBIT", sim, policy, Features.l2Book("BYBIT", "perpetual", "BTC-USDT"));
            emitter.start();
            try {
                Thread.sleep(5_000);
            } finally {
                emitter.stop();
            }
            List<Long> accepts = sim.acceptTimes();
            // 50 ms doubling to 800 ms: gaps 50, 100, 200, 400, 800, 800, ... : about 9 connects in 5 s
            // (resetting on each handshake gave ~200 in 20 s)
            assertTrue(accepts.size() >= 4 && accepts.size() <= 14, accepts.size() + " connects in 5 s");
            for (int i = 1; i < accepts.size(); i++) {
                long gap = accepts.get(i) - accepts.get(i - 1);
                double base = Math.min(800, 50 * Math.pow(2, i - 1));
                assertTrue(gap >= (long) (0.8 * base * 1e6) - 5_000_000L, "gap " + i + " is " + seconds(gap) + " s, at least 0.8 x " + base + " ms expected");
                if (i >= 6) {
                    assertTrue(gap <= 3_000_000_000L, "gap " + i + " is " + seconds(gap) + " s: capped at 0.8 s (+ jitter and a slow machine)");
                }
            }
            FeedStats stats = emitter.stats().get("BYBIT/perpetual");
            assertEquals(accepts.size(), stats.connects());
            assertTrue(stats.connectFailures() >= accepts.size() - 1, stats.toString());
        }
    }

    @Test
    void aHealthyConnectionForgivesEarlierFailures() throws Exception {
        BybitProtocol bybit = new BybitProtocol(BybitCategory.LINEAR);
        try (ExchangeSimulator sim = new ExchangeSimulator(bybit, new BybitEncoder(bybit), List.of("BTC-USDT"), MARKET).start(0)) {
            sim.dropOnAccept(true);
            ReconnectPolicy policy = new ReconnectPolicy(20, 5_000, 0.2, 300); // healthy after 0.3 s
            LiveEventEmitter emitter = emitter("BYBIT", sim, policy, Features.l2Book("BYBIT", "perpetual", "BTC-USDT"));
            emitter.start();
            try {
                // gaps 20, 40, 80, 160, 320, 640 ms: then 6 failures in a row, the next delay would be 1.28 s ± 20 %
                LiveFeedSimulatorTest.waitFor("seven dropped connects", () -> sim.acceptTimes().size() >= 7);
                sim.dropOnAccept(false);
                LiveFeedSimulatorTest.waitFor("synced", () -> emitter.isSynced("BYBIT", "perpetual", "BTC-USDT"));
                Thread.sleep(600); // healthy for longer than 0.3 s
                int before = sim.acceptTimes().size();
                long dropped = System.nanoTime();
                sim.inject(io.featurizer.exchanges.sim.Fault.DISCONNECT);
                LiveFeedSimulatorTest.waitFor("reconnected", () -> sim.acceptTimes().size() > before);
                long reconnectedAfter = sim.acceptTimes().get(before) - dropped;
                // forgiven: 20 ms ± 20 % (not forgiven it would be at least 0.8 x 1.28 s)
                assertTrue(reconnectedAfter < 800_000_000L, "reconnected after " + seconds(reconnectedAfter) + " s");
            } finally {
                emitter.stop();
            }
        }
    }

    @Test
    void everySubscriptionRefusedIsReportedWithTheVenuesReason() throws Exception {
        OkxProtocol okx = new OkxProtocol();
        try (ExchangeSimulator sim = new ExchangeSimulator(okx, new OkxEncoder(), List.of("BTC-USDT"), MARKET).start(0)) {
            LiveEventEmitter emitter = emitter("OKX", sim, ReconnectPolicy.DEFAULT, Features.l2Book("OKX", "spot", "DOGE-EUR"));
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("the refusal", () -> emitter.refusedFeed() != null);
                assertEquals("OKX/spot refused every subscription: 60018: Wrong URL or channel:books,instId:DOGE-EUR doesn't exist. "
                        + "Please use the correct URL, channel and parameters referring to API document.", emitter.refusedFeed());
            } finally {
                emitter.stop();
            }
        }
    }

    @Test
    void okxTickByTickBooksAreRefusedToAPublicConnection() throws Exception {
        OkxProtocol okx = new OkxProtocol();
        try (ExchangeSimulator sim = new ExchangeSimulator(okx, new OkxEncoder(), List.of("BTC-USDT"), MARKET).start(0)) {
            Feature book = Features.dataSource("l2_book", Map.of("exchange", "OKX", "instrument_type", "spot", "symbol", "BTC-USDT",
                    "channel", "books-l2-tbt"));
            LiveEventEmitter emitter = emitter("OKX", sim, ReconnectPolicy.DEFAULT, book);
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("the refusal", () -> emitter.refusedFeed() != null);
                assertEquals("OKX/spot refused every subscription: 60011: Please log in", emitter.refusedFeed());
            } finally {
                emitter.stop();
            }
        }
    }

    @Test
    void aFeedWithDataIsNotRefused() throws Exception {
        OkxProtocol okx = new OkxProtocol();
        try (ExchangeSimulator sim = new ExchangeSimulator(okx, new OkxEncoder(), List.of("BTC-USDT"), MARKET).start(200)) {
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of("OKX", sim.webSocketUri()), Map.of()),
                    1 << 12, ReconnectPolicy.DEFAULT, 30_000, DeliveryMode.INLINE);
            emitter.registerCallback(Features.l2Book("OKX", "spot", "BTC-USDT"), (f, e) -> { });
            emitter.registerCallback(Features.trades("OKX", "spot", "DOGE-EUR"), (f, e) -> { });
            emitter.start();
            try {
                LiveFeedSimulatorTest.waitFor("one refusal", () -> emitter.stats().get("OKX/spot").subscriptionErrors() > 0);
                Thread.sleep(LiveEventEmitter.REFUSAL_GRACE_MILLIS + 500);
                assertNull(emitter.refusedFeed(), "BTC-USDT's book still flows");
            } finally {
                emitter.stop();
            }
        }
    }
}

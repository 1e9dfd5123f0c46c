package io.featurizer.exchanges.live;

import io.featurizer.core.book.OrderBook;
import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.feature.Features;
import io.featurizer.core.synthetic.SyntheticMarket;
import io.featurizer.exchanges.okx.OkxEncoder;
import io.featurizer.exchanges.okx.OkxProtocol;
import io.featurizer.exchanges.protocol.BookSync;
import io.featurizer.exchanges.protocol.FrameDecoder;
import io.featurizer.exchanges.protocol.MalformedFrameException;
import io.featurizer.exchanges.protocol.Subscription;
import io.featurizer.exchanges.protocol.VenueProtocol;
import io.featurizer.exchanges.sim.ExchangeSimulator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A quiet feed stays connected on the venue's application ping/pong; the stale detector does not fire. */
class PingPongTest {
    /** OKX with a fast ping, so the test sees many round trips. */
    static final class FastPingOkx implements VenueProtocol {
        private final OkxProtocol okx = new OkxProtocol();

        public String exchange() { return okx.exchange(); }
        public URI defaultWebSocketUri() { return okx.defaultWebSocketUri(); }
        public URI defaultRestUri() { return okx.defaultRestUri(); }
        public String venueSymbol(String symbol) { return okx.venueSymbol(symbol); }
        public List<String> subscribeFrames(List<Subscription> s) { return okx.subscribeFrames(s); }
        public List<String> resnapshotFrames(Subscription book) { return okx.resnapshotFrames(book); }
        public FrameDecoder newDecoder(List<Subscription> s) { return okx.newDecoder(s); }
        public String restSnapshotPath(String symbol) { return okx.restSnapshotPath(symbol); }
        public void decodeRestSnapshot(byte[] body, String symbol, long receiptTs, BookUpdate into) throws MalformedFrameException {
            okx.decodeRestSnapshot(body, symbol, receiptTs, into);
        }
        public BookSync newBookSync() { return okx.newBookSync(); }
        public boolean hasChecksum() { return okx.hasChecksum(); }
        public long checksum(OrderBook book) { return okx.checksum(book); }
        public String pingFrame() { return okx.pingFrame(); }
        public long pingIntervalMillis() { return 200; }
    }

    @Test
    void pongsKeepAQuietFeedAlive() throws Exception {
        FastPingOkx protocol = new FastPingOkx();
        try (ExchangeSimulator sim = new ExchangeSimulator(protocol, new OkxEncoder(), List.of("BTC-USDT"), SyntheticMarket.Config.defaults(3)).start(0)) {
            VenueProtocols.register("OKX_FASTPING", type -> protocol);
            LiveEventEmitter emitter = new LiveEventEmitter(new LiveEventEmitter.Endpoints(Map.of("OKX", sim.webSocketUri()), Map.of()),
                    1 << 10, new ReconnectPolicy(50, 500, 0.2), 1_000);
            emitter.registerCallback(Features.l2Book("OKX_FASTPING", "spot", "BTC-USDT"), (f, e) -> { });
            emitter.start();
            try {
                Thread.sleep(3_000); // no market data at all: only the snapshot on subscribe, then pongs
                FeedStats stats = emitter.stats().get("OKX_FASTPING/spot");
                assertTrue(stats.frames() >= 8, "pongs arrived: " + stats);
                assertEquals(0, stats.staleFeeds(), "pongs count as life: " + stats);
                assertEquals(1, stats.connects(), stats.toString());
                assertEquals(0, stats.garbageFrames(), stats.toString());
            } finally {
                emitter.stop();
            }
        }
    }
}

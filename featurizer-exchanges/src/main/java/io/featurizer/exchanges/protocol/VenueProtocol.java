package io.featurizer.exchanges.protocol;

import java.net.URI;
import java.util.List;

/**
 * A venue's public market-data wire protocol, transport-free: where to connect, what to send to
 * subscribe, how to read frames, how to fetch a REST snapshot (venues whose WebSocket has none), and
 * the rules that keep a book in sequence. Implementations: Binance spot and USD-M futures, Bybit v5,
 * OKX v5, Coinbase Advanced Trade. The simulator speaks the same formats with a {@link VenueEncoder}.
 */
public interface VenueProtocol {
    /** The {@code exchange} param value this protocol serves, e.g. {@code BINANCE}, {@code BINANCE_FUTURES}. */
    String exchange();

    /** The venue's public WebSocket endpoint (configurable per run for tests and the simulator). */
    URI defaultWebSocketUri();

    /** The venue's REST base, or null when book snapshots come over the WebSocket. */
    URI defaultRestUri();

    /** The venue's symbol for a normalized one ({@code BTC-USDT} to {@code BTCUSDT}). */
    String venueSymbol(String symbol);

    /** Frames to send right after connecting (and after every reconnect) to subscribe. */
    List<String> subscribeFrames(List<Subscription> subscriptions);

    /** Frames that resubscribe one symbol's book to get a fresh WebSocket snapshot; empty when the snapshot comes from REST. */
    List<String> resnapshotFrames(Subscription book);

    /** A fresh decoder for one connection. */
    FrameDecoder newDecoder(List<Subscription> subscriptions);

    /** The path and query of the REST book snapshot for a symbol (relative to {@link #defaultRestUri()}), or null. */
    String restSnapshotPath(String symbol);

    /** Decodes a REST book snapshot response into a snapshot {@code BookUpdate} (with the sequence id it ends at). */
    void decodeRestSnapshot(byte[] body, String symbol, long receiptTs, io.featurizer.core.event.BookUpdate into) throws MalformedFrameException;

    /** A new sequence checker for one symbol's book. */
    BookSync newBookSync();

    /** True when the venue sends a book checksum ({@link FrameSink#onChecksum}) to verify against {@link #checksum}. */
    default boolean hasChecksum() {
        return false;
    }

    /** The venue's checksum of a book (OKX: CRC32 over the top 25 levels); only when {@link #hasChecksum()}. */
    default long checksum(io.featurizer.core.book.OrderBook book) {
        throw new UnsupportedOperationException(exchange() + " sends no book checksum");
    }

    /**
     * The REST path (relative to {@link #defaultRestUri()}) of a symbol's open interest, for venues whose stream
     * carries none (Binance USD-M); null when the stream has it or the venue has no derivatives.
     */
    default String restOpenInterestPath(String symbol) {
        return null;
    }

    /** How often the open interest is polled, ms (only with a {@link #restOpenInterestPath}). */
    default long openInterestPollMillis() {
        return 10_000;
    }

    /** Reads a REST open interest body into {@code into}'s open interest. */
    default void decodeOpenInterest(byte[] body, io.featurizer.core.event.DerivativeTicker into) throws MalformedFrameException {
        throw new UnsupportedOperationException(exchange() + " has no REST open interest");
    }

    /** An application-level ping frame to send every {@link #pingIntervalMillis()}, or null (WebSocket ping frames only). */
    default String pingFrame() {
        return null;
    }

    default long pingIntervalMillis() {
        return 20_000;
    }
}

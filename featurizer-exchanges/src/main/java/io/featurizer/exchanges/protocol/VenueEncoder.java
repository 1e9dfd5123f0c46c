package io.featurizer.exchanges.protocol;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;

import java.util.List;

/**
 * The simulator's side of a venue protocol: writes normalized events as the venue's frames, answers
 * subscription requests and REST snapshots. Sequence state (update ids, sequence numbers, checksums)
 * lives in the encoder, so the simulator can break it on purpose (gaps, bad checksums). One encoder
 * per client connection (some venues number every message of a connection).
 */
public interface VenueEncoder {
    /**
     * The normalized symbols the simulator lists, for venues where one topic stands for several
     * (Bybit options: {@code publicTrade.BTC} is every BTC contract). Others ignore it.
     */
    default void listSymbols(java.util.Collection<String> symbols) {
    }

    /** The subscriptions a client's frame asks for, or an empty list for other frames (pings). */
    List<Subscription> parseSubscribe(String frame) throws MalformedFrameException;

    /**
     * Frames acknowledging a subscription, including a book snapshot of each subscribed symbol for
     * venues that send one; {@code currentBook} gives a symbol's current book as a snapshot message
     * (a view, valid during the call).
     */
    List<String> acknowledge(List<Subscription> subscriptions, java.util.function.Function<String, BookUpdate> currentBook);

    /** A book message for a symbol; {@code book} is the book after applying it, for checksums. */
    String bookFrame(String symbol, BookUpdate update, io.featurizer.core.book.OrderBook book);

    String tradeFrame(String symbol, Trade trade);

    String tickerFrame(String symbol, Quote quote);

    /**
     * A derivative ticker as the venue's frames (OKX sends its fields on four channels), or an empty list when
     * this venue's simulator serves no derivatives data.
     */
    default List<String> derivativeTickerFrames(String symbol, io.featurizer.core.event.DerivativeTicker ticker) {
        return List.of();
    }

    /** The REST open interest body of a symbol, or null when the venue streams it (or has none). */
    default String restOpenInterest(String symbol, double openInterest, long tsNanos) {
        return null;
    }

    /** A liquidation as the venue's frame, or null when this venue's simulator serves no derivatives data. */
    default String liquidationFrame(String symbol, io.featurizer.core.event.Liquidation liquidation) {
        return null;
    }

    /** Reply to an application ping frame, or null when {@code frame} is not one. */
    String pong(String frame);

    /** The REST snapshot response body for a symbol, or null when the venue has no REST snapshot. */
    String restSnapshot(String symbol, io.featurizer.core.book.OrderBook book, int depth);

    /** Skips {@code n} sequence ids before the next book frame (fault injection: a gap). */
    void skipSequence(String symbol, int n);

    /**
     * The venue's reply refusing a subscription to a symbol it does not list, or null when the venue accepts
     * such a subscription silently (the simulator then sends nothing for it).
     */
    default String unknownSymbolReply(Subscription subscription) {
        return null;
    }

    /** The venue's reply to a request it cannot read or refuses (its error format), or null when it stays silent. */
    default String errorReply(String message) {
        return null;
    }

    /**
     * Whether the venue numbers each connection's frames, all channels together (Coinbase's {@code sequence_num}). The
     * simulator encodes a frame once for all its subscribers, numbered by {@link #nextSequence()}, and gives each
     * connection {@link #renumber renumbered} frames, so every connection sees its own numbers without holes.
     */
    default boolean numbersEachConnection() {
        return false;
    }

    /** The number the next frame will carry ({@link #numbersEachConnection()} venues; else 0). */
    default long nextSequence() {
        return 0;
    }

    /** The frame with its number lowered by {@code offset}: the numbers made that this connection was not sent. */
    default String renumber(String frame, long offset) {
        return frame;
    }

    /** Makes the next book frame's checksum wrong, where the venue has one (fault injection). */
    default void corruptNextChecksum(String symbol) {
    }
}

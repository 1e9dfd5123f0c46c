package io.featurizer.exchanges.protocol;

import io.featurizer.core.event.BookUpdate;

/**
 * A venue's rules for keeping one symbol's book in sequence: whether a book message continues the
 * book, must wait (it arrived before the snapshot it builds on), or shows the book can no longer be
 * trusted (a gap, a checksum mismatch) so it must be rebuilt from a fresh snapshot. One instance per
 * symbol, used by one thread. The connector applies what is accepted to its own book, forwards it,
 * and on {@link Verdict#RESYNC} fetches or requests a new snapshot, buffering deltas meanwhile.
 */
public interface BookSync {
    /** What to do with one book message. */
    enum Verdict {
        /** It continues the book: apply and forward it. */
        APPLY,
        /** Already covered by the current snapshot (stale): drop it silently. */
        SKIP,
        /** It cannot be placed yet (no snapshot): keep it until a snapshot arrives. */
        BUFFER,
        /** The sequence broke: rebuild from a fresh snapshot. */
        RESYNC
    }

    /** A snapshot taken (REST or WebSocket); the next deltas are checked against it. */
    void onSnapshot(BookUpdate snapshot);

    /** Judges a delta given everything accepted so far. */
    Verdict check(BookUpdate delta);

    /** Forgets everything: the book is to be rebuilt. */
    void reset();
}

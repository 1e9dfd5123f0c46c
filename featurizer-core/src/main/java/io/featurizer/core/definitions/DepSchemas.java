package io.featurizer.core.definitions;

import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;

import java.util.List;

/** The {@code dep_schema} params shared by built-ins. The vendor names map to the normalized sources. */
public final class DepSchemas {
    private DepSchemas() {
    }

    static final String NAME = "dep_schema";

    /** For features over a book: the L2 snapshot feature ({@code l2_book}, also {@code cryptotick}, {@code cryptofeed}) or the ticker. */
    static final ParamSpec BOOK_OR_TICKER = ParamSpec.oneOf(NAME,
            "input: the L2 snapshot feature (l2_book; vendor names cryptotick, cryptofeed) or the ticker",
            "l2_book", "ticker", "cryptotick", "cryptofeed").withDefault("l2_book");
    /** For the L2 snapshot: the {@code l2_book} source under any of its names. */
    static final ParamSpec L2_BOOK = ParamSpec.oneOf(NAME, "input: the l2_book source (vendor names cryptotick, cryptofeed)",
            "l2_book", "cryptotick", "cryptofeed").withDefault("l2_book");
    /** For trade features: the {@code trades} source under any of its names. */
    public static final ParamSpec TRADES = ParamSpec.oneOf(NAME, "input: the trades source (vendor names cryptotick, cryptofeed)",
            "trades", "cryptotick", "cryptofeed").withDefault("trades");

    /** The checked value of a dep_schema param (dependencies are chosen before the params are validated). */
    static String value(ParamSpec spec, Params params) {
        String v = spec.string(params);
        spec.check(v);
        return v;
    }

    static List<String> bookOrTicker(Params params) {
        return value(BOOK_OR_TICKER, params).equals("ticker") ? List.of("ticker") : List.of("l2_book.l2_snapshot_fd");
    }

    static List<String> l2Book(Params params) {
        value(L2_BOOK, params);
        return List.of("l2_book");
    }

    public static List<String> trades(Params params) {
        value(TRADES, params);
        return List.of("trades");
    }
}

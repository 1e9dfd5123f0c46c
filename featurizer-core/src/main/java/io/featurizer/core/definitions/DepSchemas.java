package io.featurizer.core.definitions;

import io.featurizer.core.feature.Params;

import java.util.List;

/** The {@code dep_schema} choices shared by built-ins. The vendor names map to the normalized sources. */
final class DepSchemas {
    private DepSchemas() {
    }

    /** For features over a book: {@code l2_book} (default; also {@code cryptotick}, {@code cryptofeed}) reads the L2 snapshot feature, {@code ticker} the ticker. */
    static List<String> bookOrTicker(Params params) {
        String s = params.getString("dep_schema", "l2_book");
        return switch (s) {
            case "l2_book", "cryptotick", "cryptofeed" -> List.of("l2_book.l2_snapshot_fd");
            case "ticker" -> List.of("ticker");
            default -> throw new IllegalArgumentException("param 'dep_schema' is '" + s + "'; expected l2_book (or cryptotick, cryptofeed) or ticker");
        };
    }

    /** For the L2 snapshot: the {@code l2_book} source under any of its names. */
    static List<String> l2Book(Params params) {
        String s = params.getString("dep_schema", "l2_book");
        return switch (s) {
            case "l2_book", "cryptotick", "cryptofeed" -> List.of("l2_book");
            default -> throw new IllegalArgumentException("param 'dep_schema' is '" + s + "'; expected l2_book (or its vendor names cryptotick, cryptofeed)");
        };
    }

    /** For trade features: the {@code trades} source under any of its names. */
    static List<String> trades(Params params) {
        String s = params.getString("dep_schema", "trades");
        return switch (s) {
            case "trades", "cryptotick", "cryptofeed" -> List.of("trades");
            default -> throw new IllegalArgumentException("param 'dep_schema' is '" + s + "'; expected trades (or its vendor names cryptotick, cryptofeed)");
        };
    }
}

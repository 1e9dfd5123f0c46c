package io.featurizer.core.config;

import java.util.List;
import java.util.Optional;

/**
 * What a venue lists, for a universe's {@code symbols: '*'}: storage lists the symbols it holds, the
 * exchange simulator the symbols it serves. A config is loaded against one listing (or {@link #NONE},
 * when a {@code '*'} is an error); the listing is asked once per universe, while the config loads.
 */
@FunctionalInterface
public interface SymbolListing {
    /** Nothing is listed: a {@code '*'} cannot be resolved. */
    SymbolListing NONE = new SymbolListing() {
        @Override
        public Optional<List<String>> symbols(String exchange, String instrumentType) {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "no venue listing";
        }
    };

    /**
     * The symbols {@code exchange} lists for {@code instrumentType}, in a stable order; empty when this
     * listing does not know the venue (an empty list when it knows the venue lists nothing).
     */
    Optional<List<String>> symbols(String exchange, String instrumentType);

    /** Where the symbols come from, for messages ("storage featurizer-data", "the exchange simulator"). */
    default String describe() {
        return "the venue listing";
    }
}

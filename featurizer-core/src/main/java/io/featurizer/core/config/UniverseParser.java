package io.featurizer.core.config;

import io.featurizer.core.text.NearestName;
import io.featurizer.core.venue.VenueCapabilities;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code universe:}, either one universe (named {@code universe})
 * <pre>
 * universe: {exchange: BINANCE, instrument_type: spot, symbols: [BTC-USDT, ETH-USDT]}
 * </pre>
 * or several by name ({@code universe: {spot: {...}, perps: {exchange: BINANCE_FUTURES, ..., symbols: '*'}}}).
 * {@code symbols: '*'} is every symbol the {@link SymbolListing} gives for the exchange and type.
 */
final class UniverseParser {
    /** The name of the single-universe form, so {@code for_each: universe} reads naturally. */
    static final String DEFAULT_NAME = "universe";
    static final String ALL = "*";
    private static final List<String> FIELDS = List.of("exchange", "instrument_type", "symbols");

    private UniverseParser() {
    }

    static Map<String, Universe> parse(YamlNode node, SymbolListing listing) {
        Map<String, Universe> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        Map<String, YamlNode> entries = node.entries();
        if (entries.isEmpty()) {
            throw node.error("'universe' is empty; expected exchange, instrument_type and symbols (or universes by name)");
        }
        boolean named = entries.values().stream().allMatch(YamlNode::isMap)
                && entries.keySet().stream().noneMatch(FIELDS::contains);
        if (!named) {
            out.put(DEFAULT_NAME, one(DEFAULT_NAME, node, listing));
            return out;
        }
        for (Map.Entry<String, YamlNode> e : entries.entrySet()) {
            out.put(e.getKey(), one(e.getKey(), e.getValue(), listing));
        }
        return out;
    }

    private static Universe one(String name, YamlNode node, SymbolListing listing) {
        Map<String, YamlNode> fields = node.entries();
        for (Map.Entry<String, YamlNode> e : fields.entrySet()) {
            if (!FIELDS.contains(e.getKey())) {
                throw e.getValue().keyError("unknown universe field '" + e.getKey() + "'" + NearestName.suggestion(e.getKey(), FIELDS)
                        + "; a universe has " + String.join(", ", FIELDS));
            }
        }
        for (String f : FIELDS) {
            if (!fields.containsKey(f) || fields.get(f).isNull()) {
                throw node.error("universe '" + name + "' has no '" + f + "'; expected " + String.join(", ", FIELDS)
                        + " (symbols: a list, or '*' for every symbol the venue lists)");
            }
        }
        YamlNode exchangeNode = fields.get("exchange");
        String exchange = exchangeNode.text();
        if (!VenueCapabilities.isKnown(exchange)) {
            throw exchangeNode.error("unknown exchange '" + exchange + "'" + NearestName.suggestion(exchange, VenueCapabilities.exchanges())
                    + " (known: " + String.join(", ", VenueCapabilities.exchanges()) + ")");
        }
        YamlNode typeNode = fields.get("instrument_type");
        String type = typeNode.text();
        if (!VenueCapabilities.INSTRUMENT_TYPES.contains(type)) {
            String alias = VenueCapabilities.INSTRUMENT_TYPE_ALIASES.get(type.toLowerCase(java.util.Locale.ROOT));
            throw typeNode.error("unknown instrument_type '" + type + "'" + (alias != null ? "; did you mean '" + alias + "'?"
                    : NearestName.suggestion(type, VenueCapabilities.INSTRUMENT_TYPES)) + " (known: " + String.join(", ", VenueCapabilities.INSTRUMENT_TYPES) + ")");
        }
        return new Universe(name, exchange, type, symbols(name, fields.get("symbols"), exchange, type, listing));
    }

    private static List<String> symbols(String name, YamlNode node, String exchange, String type, SymbolListing listing) {
        if (node.isScalar() && ALL.equals(node.text().trim())) {
            Optional<List<String>> listed = listing.symbols(exchange, type);
            if (listed.isEmpty()) {
                throw node.error("'*' means every symbol " + exchange + " " + type + " lists, but " + (listing == SymbolListing.NONE
                        ? "nothing lists symbols here (replay and compute list what storage holds, run and record what the exchange simulator "
                        + "lists, validate with --symbols-from storage|simulator)" : listing.describe() + " does not list " + exchange + " " + type)
                        + "; or write the symbols as a list");
            }
            if (listed.get().isEmpty()) {
                throw node.error("universe '" + name + "' is empty: " + listing.describe() + " lists no " + exchange + " " + type + " symbols");
            }
            return List.copyOf(listed.get());
        }
        List<YamlNode> items = node.isScalar() ? List.of(node) : node.items();
        if (items.isEmpty()) {
            throw node.error("universe '" + name + "' is empty; expected at least one symbol, or '*' for every symbol the venue lists");
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : items) {
            String s = item.text().trim();
            if (ALL.equals(s)) {
                throw item.error("'*' stands alone (symbols: '*'), not inside a list of symbols");
            }
            if (!VenueCapabilities.isSafeSymbol(s)) {
                throw item.error("'" + s + "' is not " + VenueCapabilities.SYMBOL_EXPECTED);
            }
            int first = out.indexOf(s);
            if (first >= 0) {
                throw item.error("symbol '" + s + "' is given twice in universe '" + name + "' (also item " + first + ")");
            }
            out.add(s);
        }
        return out;
    }
}

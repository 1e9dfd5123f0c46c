package io.featurizer.exchanges.sim;

import io.featurizer.core.config.SymbolListing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The symbols the local exchange simulator lists, for a universe's {@code symbols: '*'}: the same 100 USDT pairs on
 * every simulated venue and instrument type (it simulates whatever it is asked for; this is its "exchange info").
 * 100 so that {@code '*'} is the live load benchmark's universe.
 */
public final class SimulatorListing implements SymbolListing {
    private static final String[] BASES = {
            "BTC", "ETH", "BNB", "SOL", "XRP", "DOGE", "ADA", "TRX", "AVAX", "LINK",
            "DOT", "TON", "SHIB", "LTC", "BCH", "UNI", "ATOM", "XLM", "ETC", "FIL",
            "APT", "ARB", "OP", "NEAR", "ICP", "HBAR", "VET", "INJ", "SUI", "SEI",
            "TIA", "STX", "IMX", "GRT", "AAVE", "MKR", "SNX", "CRV", "LDO", "RUNE",
            "ALGO", "EGLD", "SAND", "MANA", "AXS", "THETA", "FLOW", "CHZ", "GALA", "ENJ",
            "KAVA", "ZEC", "DASH", "XMR", "EOS", "NEO", "IOTA", "XTZ", "QTUM", "ZIL",
            "ONE", "CELO", "KSM", "COMP", "YFI", "SUSHI", "1INCH", "BAT", "ZRX", "ANKR",
            "STORJ", "SKL", "CKB", "ROSE", "MINA", "GMX", "DYDX", "PEPE", "FLOKI", "BONK",
            "WIF", "JUP", "PYTH", "ORDI", "BLUR", "ENS", "LRC", "MASK", "CFX", "ACH",
            "HOT", "RVN", "IOTX", "WOO", "JASMY", "GLM", "API3", "BAND", "COTI", "HIGH"};

    /** The listed symbols, in listing order. */
    public static final List<String> SYMBOLS;

    static {
        List<String> s = new ArrayList<>();
        for (String b : BASES) {
            s.add(b + "-USDT");
        }
        SYMBOLS = List.copyOf(s);
    }

    @Override
    public Optional<List<String>> symbols(String exchange, String instrumentType) {
        return Optional.of(SYMBOLS);
    }

    @Override
    public String describe() {
        return "the exchange simulator";
    }
}

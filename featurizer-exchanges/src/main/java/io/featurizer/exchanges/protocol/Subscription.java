package io.featurizer.exchanges.protocol;

/**
 * One stream of one symbol on a venue. {@code symbol} is the normalized form used in configs
 * ({@code BTC-USDT}); each protocol maps it to the venue's own ({@code BTCUSDT}, {@code BTC-USDT}).
 */
public record Subscription(String symbol, Channel channel) {
    @Override
    public String toString() {
        return symbol + ":" + channel.sourceName();
    }
}

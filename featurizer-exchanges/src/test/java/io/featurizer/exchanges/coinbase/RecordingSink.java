package io.featurizer.exchanges.coinbase;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Quote;
import io.featurizer.core.event.Trade;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.Subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps copies of everything a decoder reports. */
final class RecordingSink implements FrameSink {
    record Received(Subscription subscription, Event event) {
    }

    final List<Received> events = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int heartbeats;

    @Override
    public void onEvent(Subscription subscription, Event event) {
        events.add(new Received(subscription, event.copy()));
    }

    @Override
    public void onSubscriptionError(String message) {
        errors.add(message);
    }

    @Override
    public void onHeartbeat() {
        heartbeats++;
    }

    BookUpdate book(int i) {
        return (BookUpdate) events.get(i).event();
    }

    Trade trade(int i) {
        return (Trade) events.get(i).event();
    }

    Quote quote(int i) {
        return (Quote) events.get(i).event();
    }

    void clear() {
        events.clear();
        errors.clear();
        heartbeats = 0;
    }

    static byte[] fixture(String name) {
        try (InputStream in = RecordingSink.class.getResourceAsStream("/fixtures/coinbase/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

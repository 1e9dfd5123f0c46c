package io.featurizer.exchanges.binance;

import io.featurizer.core.event.Event;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.Subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Keeps copies of what a decoder reports (events are views, so they are copied). */
final class RecordingSink implements FrameSink {
    final List<Subscription> subscriptions = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int heartbeats;

    @Override
    public void onEvent(Subscription subscription, Event event) {
        subscriptions.add(subscription);
        events.add(event.copy());
    }

    @Override
    public void onSubscriptionError(String message) {
        errors.add(message);
    }

    @Override
    public void onHeartbeat() {
        heartbeats++;
    }

    <T extends Event> T only(Class<T> type) {
        if (events.size() != 1) {
            throw new AssertionError("expected exactly one event, got " + events);
        }
        return type.cast(events.get(0));
    }

    void clear() {
        subscriptions.clear();
        events.clear();
        errors.clear();
        heartbeats = 0;
    }

    /** A fixture file's bytes from {@code src/test/resources/fixtures/binance/}. */
    static byte[] fixture(String path) {
        try (InputStream in = RecordingSink.class.getResourceAsStream("/fixtures/binance/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
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

package io.featurizer.exchanges.okx;

import io.featurizer.core.event.Event;
import io.featurizer.exchanges.protocol.FrameSink;
import io.featurizer.exchanges.protocol.Subscription;

import java.util.ArrayList;
import java.util.List;

/** Keeps copies of everything a decoder reports, in order. */
final class RecordingSink implements FrameSink {
    final List<Subscription> subscriptions = new ArrayList<>();
    final List<Event> events = new ArrayList<>();
    final List<Long> checksums = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    int heartbeats;

    @Override
    public void onEvent(Subscription subscription, Event event) {
        subscriptions.add(subscription);
        events.add(event.copy());
    }

    @Override
    public void onChecksum(Subscription subscription, long checksum) {
        checksums.add(checksum);
    }

    @Override
    public void onSubscriptionError(String message) {
        errors.add(message);
    }

    @Override
    public void onHeartbeat() {
        heartbeats++;
    }

    void clear() {
        subscriptions.clear();
        events.clear();
        checksums.clear();
        errors.clear();
        heartbeats = 0;
    }
}

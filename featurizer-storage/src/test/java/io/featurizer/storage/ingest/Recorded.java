package io.featurizer.storage.ingest;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A sink that keeps copies of what it is given, and test helpers over them. */
final class Recorded implements IngestSink {
    record Item(VendorSource source, Event event, long line) {
        BookUpdate book() {
            return (BookUpdate) event;
        }
    }

    final List<Item> items = new ArrayList<>();

    @Override
    public void accept(VendorSource source, Event event, long line) {
        items.add(new Item(source, event.copy(), line));
    }

    Item get(int i) {
        return items.get(i);
    }

    Item last() {
        return items.get(items.size() - 1);
    }

    int size() {
        return items.size();
    }

    static Path fixture(String name) {
        try {
            return Path.of(Recorded.class.getResource("/ingest/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test fixture " + name, e);
        }
    }

    /** Asserts a book's levels: {@code {price, size}} pairs in order. */
    static void assertLevels(BookUpdate b, double[][] bids, double[][] asks) {
        assertEquals(bids.length, b.bidCount(), "bid count of " + b);
        assertEquals(asks.length, b.askCount(), "ask count of " + b);
        for (int i = 0; i < bids.length; i++) {
            assertEquals(bids[i][0], b.bidPrice(i), "bid price " + i);
            assertEquals(bids[i][1], b.bidSize(i), "bid size " + i);
        }
        for (int i = 0; i < asks.length; i++) {
            assertEquals(asks[i][0], b.askPrice(i), "ask price " + i);
            assertEquals(asks[i][1], b.askSize(i), "ask size " + i);
        }
    }
}

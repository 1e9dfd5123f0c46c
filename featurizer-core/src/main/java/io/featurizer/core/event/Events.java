package io.featurizer.core.event;

/** Factory for blank events of a schema, used to decode snapshots and to buffer copies. */
public final class Events {
    private Events() {
    }

    public static Event newEvent(Schema schema) {
        if (schema.equals(BookUpdate.SCHEMA)) {
            return new BookUpdate();
        }
        if (schema.equals(Trade.SCHEMA)) {
            return new Trade();
        }
        if (schema.equals(Quote.SCHEMA)) {
            return new Quote();
        }
        return new FeatureEvent(schema);
    }
}

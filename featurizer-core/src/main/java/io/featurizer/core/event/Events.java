package io.featurizer.core.event;

/** Factory for blank events of a schema, used to decode snapshots and to buffer copies. */
public final class Events {
    private Events() {
    }

    /** Throws unless {@code event} has {@code schema}; for copyFrom implementations that accept any event of their schema. */
    static void requireSchema(Schema schema, Event event) {
        if (!schema.equals(event.schema())) {
            throw new IllegalArgumentException("cannot copy a " + event.schema() + " event into a " + schema.name() + " event");
        }
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
        if (schema.equals(DerivativeTicker.SCHEMA)) {
            return new DerivativeTicker();
        }
        if (schema.equals(Liquidation.SCHEMA)) {
            return new Liquidation();
        }
        return new FeatureEvent(schema);
    }
}

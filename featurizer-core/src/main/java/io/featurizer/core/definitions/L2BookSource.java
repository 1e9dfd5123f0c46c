package io.featurizer.core.definitions;

import io.featurizer.core.event.BookUpdate;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Schema;
import io.featurizer.core.feature.DataSourceDefinition;
import io.featurizer.core.feature.ParamSpec;
import io.featurizer.core.feature.Params;
import io.featurizer.core.venue.VenueCapabilities;

import java.util.List;

/** {@code l2_book}: normalized L2 book messages (snapshots and deltas) from one venue and symbol. */
public final class L2BookSource extends DataSourceDefinition {
    @Override
    public String name() {
        return "l2_book";
    }

    @Override
    public String channel() {
        return "l2_book";
    }

    @Override
    public String displayName() {
        return "L2Book";
    }

    @Override
    public List<ParamSpec> paramSpecs() {
        return VenueParams.BOOK;
    }

    /** A depth or channel equal to the venue's default is dropped, so writing it and leaving it out give one key. */
    @Override
    public Params canonicalParams(Params params) {
        return VenueCapabilities.withoutDefaults(params);
    }

    @Override
    public Schema schema(Params params) {
        return BookUpdate.SCHEMA;
    }

    @Override
    public Event newEvent(Params params) {
        return new BookUpdate();
    }
}

package io.featurizer.core.definitions.book;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Emitter;
import io.featurizer.core.feature.StatefulOperator;
import io.featurizer.core.state.OperatorState;

/**
 * Computes a {@link BookShape} from each l2_snapshot event and emits it when it differs from the last
 * emitted value (bit for bit, so a repeated NaN is emitted once). The value is written into a scratch
 * event first, which becomes the emitted one when it differs, so the emitted event changes only when it is emitted again.
 */
final class BookShapeOperator extends StatefulOperator {
    private final BookShape shape;
    private FeatureEvent scratch;
    private final OperatorState.LastOutput last;

    BookShapeOperator(BookShape shape, FeatureEvent out) {
        this.shape = shape;
        this.scratch = new FeatureEvent(out.schema());
        this.last = state.lastOutput(out);
    }

    @Override
    public void onEvent(int input, Event snapshot, Emitter emitter) {
        shape.write(snapshot, scratch);
        if (last.present() && scratch.sameValues(last.event())) {
            return;
        }
        FeatureEvent out = scratch;
        out.setTimes(snapshot.ts(), snapshot.receiptTs());
        scratch = last.swap(out); // no copy: the two buffers take turns (the profile's largest cost of these features)
        emitter.emit(out);
    }

    @Override
    public boolean ownsOutputs() {
        return true;
    }
}

package io.featurizer.serve.inference;

import io.featurizer.core.feature.GroupedNamedDataEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.DoublePredicate;

/**
 * A test model named {@code held} that doubles the mid; it blocks in predict until the test releases it, after telling
 * the test it has entered, and throws on the mids {@link #failOn} accepts (none by default).
 */
public final class HeldModel implements InferenceModel {
    public final Semaphore entered = new Semaphore(0);
    public final Semaphore release = new Semaphore(0);
    public final List<Double> seen = new ArrayList<>();
    public DoublePredicate failOn = mid -> false;

    @Override
    public String name() {
        return "held";
    }

    @Override
    public List<String> outputs() {
        return List.of("double_mid");
    }

    @Override
    public void predict(GroupedNamedDataEvent v, double[] out) {
        entered.release();
        release.acquireUninterruptibly();
        double mid = v.event(0).getDouble(0);
        seen.add(mid);
        if (failOn.test(mid)) {
            throw new IllegalStateException("a model error at mid " + mid);
        }
        out[0] = 2 * mid;
    }
}

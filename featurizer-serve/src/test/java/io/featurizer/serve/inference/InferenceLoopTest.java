package io.featurizer.serve.inference;

import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hook's latest-value semantics with a model the test holds still: offers never wait, a vector replaced before
 * the model took it is skipped and counted exactly, the model sees the newest vector, a throwing model is counted.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a blocking offer would deadlock against the held model: this turns that into a failure
class InferenceLoopTest {
    static final Feature MID = MidVectors.MID;
    static final List<Feature> FEATURES = MidVectors.FEATURES;

    record Output(long seq, long ts, long receiptTs, double value, long inputSeqField) {
    }

    static InferenceLoop loop(InferenceModel model, ConcurrentLinkedQueue<Output> outputs) {
        return loop(model, outputs, InferenceLoop.DEFAULT_POLL_NANOS);
    }

    static InferenceLoop loop(InferenceModel model, ConcurrentLinkedQueue<Output> outputs, long pollNanos) {
        Feature out = ModelFeature.of(model.name(), model.outputs(), "test", FEATURES);
        return new InferenceLoop(model, FEATURES, out, (f, input, seq, e) ->
                outputs.add(new Output(seq, e.ts(), e.receiptTs(), e.getDouble(0), e.getLong(1))), pollNanos);
    }

    @Test
    void aHeldModelSkipsEveryVectorReplacedWhileItWorksAndThenSeesTheNewest() {
        heldModelScenario(InferenceLoop.DEFAULT_POLL_NANOS);
    }

    @Test
    void theSameWhenTheEngineWakesTheModelThread() {
        heldModelScenario(0);
    }

    void heldModelScenario(long pollNanos) {
        HeldModel model = new HeldModel();
        ConcurrentLinkedQueue<Output> outputs = new ConcurrentLinkedQueue<>();
        InferenceLoop loop = loop(model, outputs, pollNanos);
        MidVectors v = new MidVectors();
        loop.offer(v.next(1), 1);
        model.entered.acquireUninterruptibly(); // the model holds vector 1 and cannot finish until released
        for (long s = 2; s <= 10; s++) {
            loop.offer(v.next(s), s); // returns although the model is held: the engine never waits
        }
        // 2..9 were each replaced by the next before the model could take them; 10 waits
        assertEquals(8, loop.stats().skipped());
        assertEquals(10, loop.stats().delivered());
        model.release.release(); // finishes 1, then takes 10
        model.entered.acquireUninterruptibly();
        model.release.release();
        loop.close();
        InferenceLoop.InferenceStats st = loop.stats();
        assertEquals(new InferenceLoop.InferenceStats(10, 8, 2, 0, 0), st);
        assertEquals(st.delivered() - st.predicted(), st.skipped());
        assertEquals(List.of(101.0, 110.0), model.seen);
        assertEquals(List.of(new Output(1, 1_000, 1_007, 202.0, 1), new Output(10, 10_000, 10_007, 220.0, 10)), List.copyOf(outputs));
    }

    @Test
    void closeRunsTheModelOnTheLastWaitingVector() {
        HeldModel model = new HeldModel();
        model.release.release(1_000);
        ConcurrentLinkedQueue<Output> outputs = new ConcurrentLinkedQueue<>();
        InferenceLoop loop = loop(model, outputs);
        MidVectors v = new MidVectors();
        for (long s = 1; s <= 500; s++) {
            loop.offer(v.next(s), s);
        }
        loop.close();
        InferenceLoop.InferenceStats st = loop.stats();
        assertEquals(500, st.delivered());
        assertEquals(st.delivered() - st.predicted(), st.skipped());
        assertEquals(500, outputs.stream().reduce((a, b) -> b).orElseThrow().seq(), "the newest vector is always predicted in the end");
    }

    @Test
    void aThrowingModelIsCountedAndTheNextVectorIsTried() {
        HeldModel model = new HeldModel();
        model.failOn = mid -> ((long) mid) % 2 == 1;
        model.release.release(1_000);
        ConcurrentLinkedQueue<Output> outputs = new ConcurrentLinkedQueue<>();
        InferenceLoop loop = loop(model, outputs);
        MidVectors v = new MidVectors();
        for (long s = 1; s <= 6; s++) {
            loop.offer(v.next(s), s);
            while (loop.stats().predicted() + loop.stats().errors() < s) {
                Thread.onSpinWait(); // one at a time: the model takes each vector
            }
        }
        loop.close();
        // mids 101..106: odd ones (101, 103, 105) throw
        assertEquals(new InferenceLoop.InferenceStats(6, 0, 3, 3, 0), loop.stats());
        assertEquals(List.of(2L, 4L, 6L), outputs.stream().map(Output::seq).toList());
        assertEquals(List.of(204.0, 208.0, 212.0), outputs.stream().map(Output::value).toList());
    }

    /** A slow model against a fast engine: every output is the model applied to the vector it names, in order, and the counts add up. */
    @Test
    void underAFreeRunningSlowModelTheCountsAddUpAndEachOutputMatchesItsInput() {
        InferenceModel slow = new InferenceModel() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public List<String> outputs() {
                return List.of("sqrt_mid");
            }

            @Override
            public void predict(GroupedNamedDataEvent v, double[] out) {
                double x = v.event(0).getDouble(0);
                double acc = 0;
                for (int i = 0; i < 20_000; i++) { // slow on purpose: much slower than an offer
                    acc += Math.sqrt(x + i);
                }
                out[0] = Math.sqrt(x) + acc * 0;
            }
        };
        ConcurrentLinkedQueue<Output> outputs = new ConcurrentLinkedQueue<>();
        InferenceLoop loop = loop(slow, outputs);
        MidVectors v = new MidVectors();
        int n = 200_000;
        for (long s = 1; s <= n; s++) {
            loop.offer(v.next(s), s);
        }
        loop.close();
        InferenceLoop.InferenceStats st = loop.stats();
        assertEquals(n, st.delivered());
        assertEquals(outputs.size(), st.predicted());
        assertEquals(st.delivered() - st.predicted(), st.skipped());
        assertTrue(st.skipped() > 0, "a model this slow must skip some of " + n + " vectors: " + st);
        long previous = 0;
        for (Output o : outputs) {
            assertTrue(o.seq() > previous, "outputs in input order");
            previous = o.seq();
            assertEquals(Math.sqrt(100.0 + o.seq()), o.value(), 0.0, "output of vector " + o.seq());
            assertEquals(1_000 * o.seq(), o.ts());
            assertEquals(o.seq(), o.inputSeqField());
        }
        assertEquals(n, previous);
    }
}

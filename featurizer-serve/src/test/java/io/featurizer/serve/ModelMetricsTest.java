package io.featurizer.serve;

import io.featurizer.core.event.Event;
import io.featurizer.core.event.FeatureEvent;
import io.featurizer.core.feature.Feature;
import io.featurizer.core.feature.Features;
import io.featurizer.core.feature.GroupedNamedDataEvent;
import io.featurizer.serve.inference.InferenceHook;
import io.featurizer.serve.inference.InferenceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The inference hook's counts in /metrics, against a scenario whose counts are known: a model held still while vectors arrive. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ModelMetricsTest {
    /** Holds each prediction until the test releases it; throws on the mid 103. */
    static final class HeldModel implements InferenceModel {
        final Semaphore entered = new Semaphore(0);
        final Semaphore release = new Semaphore(0);

        @Override
        public String name() {
            return "held";
        }

        @Override
        public List<String> outputs() {
            return List.of("x");
        }

        @Override
        public void predict(GroupedNamedDataEvent v, double[] out) {
            entered.release();
            release.acquireUninterruptibly();
            double mid = v.event(0).getDouble(0);
            if (mid == 103) {
                throw new IllegalStateException("a model error");
            }
            out[0] = mid;
        }
    }

    @Test
    void deliveredSkippedPredictedAndErrorsPerModel() throws Exception {
        Feature mid = Features.feature("price.mid_price_fd", Map.of(), Features.l2Book("BINANCE", "spot", "BTC-USDT")).named("mid");
        HeldModel model = new HeldModel();
        InferenceHook hook = new InferenceHook(List.of(mid), List.of(model), List.of("v1"), null);
        ServeMetrics metrics = new ServeMetrics();
        metrics.watch(hook);
        FeatureEvent e = new FeatureEvent(mid.schema());
        GroupedNamedDataEvent v = new GroupedNamedDataEvent(List.of(mid), new Event[] {e}, new boolean[] {true});
        // vector 1 (mid 101) is taken and held; 2..10 arrive meanwhile: 2..9 are replaced unseen, 10 waits
        offer(hook, v, e, 1);
        model.entered.acquireUninterruptibly();
        for (int s = 2; s <= 10; s++) {
            offer(hook, v, e, s);
        }
        model.release.release(); // 101 predicted; the model takes 110
        model.entered.acquireUninterruptibly();
        model.release.release(); // 110 predicted
        offer(hook, v, e, 3); // mid 103: the model throws on it
        model.entered.acquireUninterruptibly();
        model.release.release();
        hook.close();
        PrometheusText m = scrape(metrics);
        assertEquals(10 + 1, m.value("featurizer_model_vectors_delivered_total", "model", "held"));
        assertEquals(8, m.value("featurizer_model_vectors_skipped_total", "model", "held"));
        assertEquals(2, m.value("featurizer_model_predictions_total", "model", "held"));
        assertEquals(1, m.value("featurizer_model_errors_total", "model", "held"));
    }

    private static void offer(InferenceHook hook, GroupedNamedDataEvent v, FeatureEvent e, long seq) {
        e.set(0, 100 + seq);
        e.setTimes(seq, seq);
        v.setTimes(seq, seq);
        hook.onVector(v, seq);
    }

    private static PrometheusText scrape(ServeMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }
}

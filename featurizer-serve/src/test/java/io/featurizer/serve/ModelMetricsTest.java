package io.featurizer.serve;

import io.featurizer.serve.inference.HeldModel;
import io.featurizer.serve.inference.InferenceHook;
import io.featurizer.serve.inference.MidVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The inference hook's counts in /metrics, against a scenario whose counts are known: a model held still while vectors
 * arrive (vector s has mid 100 + s), and throwing on the mid 103.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ModelMetricsTest {
    @Test
    void deliveredSkippedPredictedAndErrorsPerModel() throws Exception {
        HeldModel model = new HeldModel();
        model.failOn = mid -> mid == 103;
        InferenceHook hook = new InferenceHook(MidVectors.FEATURES, List.of(model), List.of("v1"), null);
        ServeMetrics metrics = new ServeMetrics();
        metrics.watch(hook);
        MidVectors v = new MidVectors();
        // vector 1 (mid 101) is taken and held; 2..10 arrive meanwhile: 2..9 are replaced unseen, 10 waits
        hook.onVector(v.next(1), 1);
        model.entered.acquireUninterruptibly();
        for (int s = 2; s <= 10; s++) {
            hook.onVector(v.next(s), s);
        }
        model.release.release(); // 101 predicted; the model takes 110
        model.entered.acquireUninterruptibly();
        model.release.release(); // 110 predicted
        hook.onVector(v.next(3), 3); // mid 103: the model throws on it
        model.entered.acquireUninterruptibly();
        model.release.release();
        hook.close();
        PrometheusText m = scrape(metrics);
        assertEquals(10 + 1, m.value("featurizer_model_vectors_delivered_total", "model", "held"));
        assertEquals(8, m.value("featurizer_model_vectors_skipped_total", "model", "held"));
        assertEquals(2, m.value("featurizer_model_predictions_total", "model", "held"));
        assertEquals(1, m.value("featurizer_model_errors_total", "model", "held"));
    }

    private static PrometheusText scrape(ServeMetrics metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }
}

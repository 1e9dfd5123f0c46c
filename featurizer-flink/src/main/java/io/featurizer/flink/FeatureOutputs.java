package io.featurizer.flink;

import io.featurizer.core.config.FeaturizerConfig;
import io.featurizer.core.event.Event;
import io.featurizer.core.event.Events;
import io.featurizer.core.feature.Feature;
import io.featurizer.offline.compute.BatchCompute;
import io.featurizer.offline.compute.FeatureSeries;
import io.featurizer.offline.compute.FeatureTable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Consumer;

/** What a client does with a job's feature outputs: joins them into {@code compute}'s feature table, or prints them. */
final class FeatureOutputs {
    private FeatureOutputs() {
    }

    /** Runs the job and joins its outputs by input position into the feature table (or feature-label set) of {@code config}. */
    static FeatureTable table(FeaturizerConfig config, DataStream<FeatureOutput> outputs, String jobName) throws Exception {
        List<Feature> distinct = List.copyOf(new LinkedHashSet<>(config.features()));
        List<FeatureSeries> series = new ArrayList<>();
        for (Feature f : distinct) {
            series.add(new FeatureSeries(f.schema()));
        }
        long[] dataEnd = {Long.MIN_VALUE};
        Event[] scratch = new Event[distinct.size()];
        collect(outputs, jobName, o -> {
            if (o.feature == FeatureOutput.DATA_END) {
                dataEnd[0] = Math.max(dataEnd[0], o.inputTime);
                return;
            }
            if (scratch[o.feature] == null) {
                scratch[o.feature] = Events.newEvent(distinct.get(o.feature).schema());
            }
            EventBytes.decodeInto(o.event, scratch[o.feature]);
            series.get(o.feature).append(scratch[o.feature], o.inputTime, o.inputOrder);
        });
        List<FeatureSeries> ordered = series.stream().map(FeatureSeries::inInputOrder).toList();
        Feature label = config.labelFeature() == null ? null : config.features().get(config.labelFeature());
        return BatchCompute.table(config.features(), label, config.labelLookaheadNanos(), distinct, ordered, dataEnd[0]);
    }

    /** Runs the job and prints every feature output as it arrives (feature name, then the event); returns how many. */
    static long print(FeaturizerConfig config, DataStream<FeatureOutput> outputs, String jobName, PrintStream out) throws Exception {
        List<Feature> distinct = List.copyOf(new LinkedHashSet<>(config.features()));
        long[] printed = {0};
        collect(outputs, jobName, o -> {
            if (o.feature != FeatureOutput.DATA_END) {
                Feature f = distinct.get(o.feature);
                out.println(f.name() + " " + EventBytes.decode(o.event, f.schema()));
                printed[0]++;
            }
        });
        return printed[0];
    }

    private static void collect(DataStream<FeatureOutput> outputs, String jobName, Consumer<FeatureOutput> each) throws Exception {
        try (CloseableIterator<FeatureOutput> it = outputs.executeAndCollect(jobName)) {
            while (it.hasNext()) {
                each.accept(it.next());
            }
        }
    }
}

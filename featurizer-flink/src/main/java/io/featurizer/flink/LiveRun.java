package io.featurizer.flink;

import io.featurizer.exchanges.live.LiveEventEmitter;
import io.featurizer.offline.MergeOrder;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.function.UnaryOperator;

/**
 * {@code featurizer flink run --source live}: a config's features over the live venues ({@link LiveEventsSource}), the
 * groups merged by the order the feeds' events were accepted in, as a live in-process run sees them.
 */
public final class LiveRun {
    private final LiveEventEmitter.Endpoints endpoints;
    private final String configYaml;
    private final String configName;
    private final int parallelism;
    private UnaryOperator<DataStream<SourceRecord>> between = UnaryOperator.identity();

    public LiveRun(LiveEventEmitter.Endpoints endpoints, String configYaml, String configName, int parallelism) {
        this.endpoints = endpoints;
        this.configYaml = configYaml;
        this.configName = configName;
        this.parallelism = parallelism;
    }

    LiveRun between(UnaryOperator<DataStream<SourceRecord>> tap) {
        this.between = tap;
        return this;
    }

    /** Runs the job and prints every feature output as it arrives, until cancelled. */
    public long print(StreamExecutionEnvironment env, java.io.PrintStream out) throws Exception {
        return FeatureOutputs.print(io.featurizer.core.config.FeaturizerConfig.parse(configYaml, configName), build(env), "featurizer " + configName, out);
    }

    /** The job's feature outputs, until cancelled. */
    public DataStream<FeatureOutput> build(StreamExecutionEnvironment env) {
        return outputs(env, false).features();
    }

    /** The job's feature outputs and, with {@code vectors}, its combined vectors, until cancelled. */
    public JobOutputs outputs(StreamExecutionEnvironment env, boolean vectors) {
        RunSpec spec = new RunSpec(configYaml, configName, parallelism, MergeOrder.INGESTION_SEQUENCE, Long.MIN_VALUE, Long.MAX_VALUE);
        DataStream<SourceRecord> records = env.fromSource(new LiveEventsSource(spec, endpoints.webSocket(), endpoints.rest()),
                        SourceRecord.watermarksByKey(), "live events")
                .uid("featurizer-live-events")
                .setParallelism(1); // one reader numbers every source's events: the live order
        return GroupWorker.attach(between.apply(records), spec, false, vectors);
    }
}

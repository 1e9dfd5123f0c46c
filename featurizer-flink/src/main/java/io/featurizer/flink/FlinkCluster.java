package io.featurizer.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.net.URI;

/**
 * Where {@code featurizer flink run} submits its job: over Flink's REST API, to a real cluster's JobManager
 * ({@code --jobmanager HOST:PORT}) or to an embedded MiniCluster this process starts on loopback (the default, so a
 * fresh machine needs nothing else). One submission path for both: the embedded cluster outlives the job, so the
 * client fetches every result before it stops (a per-job local environment shuts down with the job and can drop
 * the last results of {@code executeAndCollect}).
 */
public final class FlinkCluster implements AutoCloseable {
    private final MiniCluster embedded;
    private final String host;
    private final int port;
    private final String[] jars;

    private FlinkCluster(MiniCluster embedded, String host, int port, String[] jars) {
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.jars = jars;
    }

    /** Starts an embedded cluster: one task manager with {@code slots} slots, REST on a free loopback port. */
    public static FlinkCluster embedded(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        try {
            cluster.start();
            URI rest = cluster.getRestAddress().get();
            return new FlinkCluster(cluster, rest.getHost(), rest.getPort(), new String[0]);
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    /** A running cluster's JobManager REST endpoint; {@code jars} (the job jar) are shipped with every job. */
    public static FlinkCluster remote(String host, int port, String... jars) {
        return new FlinkCluster(null, host, port, jars.clone());
    }

    /** An environment whose jobs go to this cluster's REST endpoint. */
    public StreamExecutionEnvironment environment(int parallelism) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createRemoteEnvironment(host, port, jars);
        env.setParallelism(parallelism);
        return env;
    }

    public String restAddress() {
        return host + ":" + port;
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            embedded.close();
        }
    }
}

package io.featurizer.bench;

import io.featurizer.core.graph.FeatureStreamGraph;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Engine throughput: input events pushed through a {@link StandardFeatureSet} graph with combined
 * outputs, on one thread. One operation = one input event (book message or trade), so the score is
 * input events per second and, with {@code -prof gc}, {@code gc.alloc.rate.norm} is allocated bytes
 * per input event.
 *
 * <pre>java -jar featurizer-bench/target/featurizer-bench.jar EngineBenchmark -f 1 -wi 3 -i 5 -prof gc</pre>
 *
 * {@code replayOnly} is the control: the tape's replay loop alone. {@code -p tapeEvents=20000} runs
 * on a tape small enough to stay mostly in cache (the default 1,000,000-event tape is ~550 MB of
 * event copies, so each event's first touch comes from memory).
 *
 * <p>The tape is generated once per trial (not measured) and replayed round and round with shifted
 * timestamps (see {@link MarketTape}); the graph lives for the whole trial, so its windows are full
 * (steady state) after the first minute of event time.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class EngineBenchmark {
    /** Input events pushed per benchmark invocation (amortises JMH's per-call overhead). */
    public static final int BATCH = 1024;

    /** Events on the tape. */
    @Param("1000000")
    public int tapeEvents;

    @Param("42")
    public long seed;

    private StandardFeatureSet.VectorSink sink;
    private FeatureStreamGraph graph;
    private MarketTape tape;

    @Setup(Level.Trial)
    public void setUp() {
        StandardFeatureSet set = new StandardFeatureSet();
        sink = new StandardFeatureSet.VectorSink();
        graph = set.newGraph(sink);
        tape = MarketTape.forStandardSet(set, graph, seed, tapeEvents);
        // One full pass before JMH's own warm-up: every window fills and every ring/array reaches its size.
        tape.play(graph, tapeEvents);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double pushEvents() {
        tape.play(graph, BATCH);
        return sink.checksum();
    }

    /** Baseline: the same replay loop without the graph (what the tape itself costs per event). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long replayOnly() {
        return tape.skim(BATCH);
    }
}

package io.featurizer.bench;

import io.featurizer.core.stream.FixedPointSum;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The exact window sums' hot path as the multi-level OFI uses it: one flow added to a level sum and the total, one older
 * flow removed from another level, the level's value rounded. Flows are sizes in 0.001 of random sign, as order-flow
 * values are, so a sign-dependent branch mispredicts as it would on a feed. One operation = one add, one remove, one value.
 *
 * <pre>java -jar featurizer-bench/target/featurizer-bench.jar ExactSumBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class ExactSumBenchmark {
    private static final int N = 1 << 16;
    private final double[] flows = new double[N];
    private final FixedPointSum[] levels = new FixedPointSum[25];
    private final FixedPointSum total = new FixedPointSum();

    @Setup
    public void setUp() {
        Random r = new Random(1);
        for (int i = 0; i < N; i++) {
            flows[i] = (r.nextBoolean() ? 1 : -1) * r.nextInt(1000) * 0.001;
        }
        for (int m = 0; m < levels.length; m++) {
            levels[m] = new FixedPointSum();
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public double addRemoveValue() {
        double sink = 0;
        for (int i = 0; i < N; i++) {
            int m = i % 25;
            levels[m].add(flows[i], total);
            levels[(i + 7) % 25].remove(flows[(i + 3000) & (N - 1)], total);
            sink += levels[m].value();
        }
        return sink;
    }
}

package io.featurizer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benches print about the machine they ran on: this process's CPU time and the load average. */
final class Machine {
    private Machine() {
    }

    /** CPU time of this whole process (every thread, GC and JIT included); 0 where the JVM does not say. */
    static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** One line: the JVM, its flags, the CPUs and the load average. */
    static String describe() {
        var rt = java.lang.management.ManagementFactory.getRuntimeMXBean();
        return "JVM: " + rt.getVmName() + " " + rt.getVmVersion() + ", flags " + rt.getInputArguments() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs, load average " + loadAverages();
    }

    /** The 1-minute load average, or "?". */
    static String loadAverage() {
        return loadAverages().split(" ")[0];
    }

    /** The whole of /proc/loadavg (1, 5 and 15 minutes, runnable/total, last pid), or "?". */
    static String loadAverages() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}

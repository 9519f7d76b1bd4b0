package io.berth.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent, for figures per reservation that hold on a shared, noisy machine better than rates do: this JVM's
 * (the server and its load generator) and the whole machine's (the database too), read from /proc/stat where there is
 * one.
 */
record CpuMeter(long jvmNanos, long machineNanos) {
    private static final Path STAT = Path.of("/proc/stat");
    /** /proc/stat counts in USER_HZ, 100 per second on Linux. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static CpuMeter now() {
        long jvm = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        return new CpuMeter(jvm, machineBusyNanos());
    }

    /** Milliseconds of CPU from {@code start} to this reading, per {@code count}; NaN where unknown. */
    double jvmMillisPer(CpuMeter start, long count) {
        return jvmNanos < 0 || start.jvmNanos < 0 || count == 0 ? Double.NaN : (jvmNanos - start.jvmNanos) / 1e6 / count;
    }

    double machineMillisPer(CpuMeter start, long count) {
        return machineNanos < 0 || start.machineNanos < 0 || count == 0 ? Double.NaN : (machineNanos - start.machineNanos) / 1e6 / count;
    }

    /** Busy time of all CPUs: the first line of /proc/stat, user, nice, system, irq and softirq (not idle, iowait or time stolen by a hypervisor). */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(STAT).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 7; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}

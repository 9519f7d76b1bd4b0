package io.berth.metrics;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace-driven simulator replays 800 hosts × 288 steps through this code, so accepting a sample must not
 * allocate. Allocation is counted per thread, which is exact whatever else the machine does (speed itself is
 * measured by the benchmarks, not by tests).
 */
class SimulatorScaleTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final int HOSTS = 800;
    static final int STEPS = 288;

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void acceptingASampleOfAKnownHostAllocatesNothing() {
        LoadMonitor m = new LoadMonitor(LoadMonitorSettings.defaults(), java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC));
        long t = T0.toEpochMilli();
        for (int i = 0; i < 200_000; i++) { // every host known, code warm
            m.accept(i % HOSTS, t + i, 0.5, 1024, 65_536, Double.NaN, Double.NaN, 4);
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 200_000; i < 200_000 + HOSTS * STEPS; i++) {
            m.accept(i % HOSTS, t + i, 0.5, 1024, 65_536, Double.NaN, Double.NaN, 4);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        System.out.printf("%d samples allocated %d bytes%n", HOSTS * STEPS, allocated);
        // 230,400 samples; a single boxed Long or Instant each would be > 3.6 MB
        assertThat(allocated).isLessThan(64 * 1024);
    }
}

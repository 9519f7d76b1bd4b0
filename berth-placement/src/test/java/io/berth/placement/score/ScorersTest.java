package io.berth.placement.score;

import io.berth.core.domain.Image;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.resource.CandidateHost;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.PlacementContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.berth.placement.pipeline.PlacementLab.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each scorer on its own: the formula it documents, on hosts fed real samples. */
class ScorersTest {
    final MutableClock clock = clock();
    final LoadMonitor monitor = new LoadMonitor(clock);
    final Pool pool = pool("test", Map.of());

    private double[] score(HostScorer scorer, Image image, List<CandidateHost> candidates) {
        PlacementContext context = context(pool, request(7, image, candidates), monitor, NOW);
        double[] out = new double[candidates.size()];
        int[] eligible = new int[candidates.size()];
        java.util.Arrays.fill(eligible, -1);
        scorer.score(context.hosts(), context, eligible, out);
        return out;
    }

    private void sample(long host, double cpu, double memoryFraction) {
        monitor.accept(host, NOW.toEpochMilli(), cpu, memoryFraction * HOST_MEMORY_MB, HOST_MEMORY_MB, Double.NaN, Double.NaN, 1);
    }

    @Test
    void currentLoadIsOneMinusEffectiveCpuAndTheInstancesShare() {
        sample(1, 0.2, 0.1);
        sample(2, 0.95, 0.1);
        double[] s = score(new CurrentLoadScorer(), image(4, 1024), List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8))));
        assertThat(s[0]).isCloseTo(1 - (0.2 + 4 * 0.5 / 8), within(1e-12));
        assertThat(s[1]).isZero(); // 0.95 + 0.25 > 1: clamped
    }

    @Test
    void forecastHeadroomLooksAtTheTightestResourceIncludingPendingMemory() {
        sample(1, 0.1, 0.8);  // idle CPU, memory nearly full
        sample(2, 0.3, 0.2);
        monitor.addPending(2, "booting", 0.0, HOST_MEMORY_MB / 2.0, NOW.plus(Duration.ofMinutes(5)));
        sample(3, 0.3, 0.2);
        var candidates = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8)));

        double[] s = score(new ForecastHeadroomScorer(), image(2, 1024), candidates);

        double newMemory = 1024.0 / HOST_MEMORY_MB;
        assertThat(s[0]).isCloseTo(1 - (0.8 + newMemory), within(1e-9));
        assertThat(s[1]).isCloseTo(1 - (0.2 + 0.5 + newMemory), within(1e-9));
        assertThat(s[2]).isCloseTo(1 - (0.3 + 2 * 0.5 / 8), within(1e-9));

        // The memory a booting VM will take counts whatever this image needs, even none.
        Image cpuOnly = new Image(2, "cpu-only", "", "", "sim", new Resources(Map.of(ResourceClass.VCPU, 2L)), 100, Duration.ofHours(1),
                List.of(), List.of());
        double[] t = score(new ForecastHeadroomScorer(), cpuOnly, candidates);
        assertThat(t[1]).isCloseTo(1 - (0.2 + 0.5), within(1e-9));
    }

    @Test
    void balancePrefersTheHostThatEvensThePool() {
        sample(1, 0.7, 0.3);
        sample(2, 0.2, 0.3);
        sample(3, 0.5, 0.3);
        double[] s = score(new BalanceScorer(), image(2, 1024), List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8))));
        assertThat(s[1]).isGreaterThan(s[2]).isGreaterThan(s[0]);
        // Placing on host 2 gives CPU 0.7, 0.325, 0.5 and memory 0.3, 0.3625, 0.3 (population standard deviations).
        double sdCpu = sd(0.7, 0.2 + 0.125, 0.5), sdMem = sd(0.3, 0.3 + 1024.0 / HOST_MEMORY_MB, 0.3);
        assertThat(s[1]).isCloseTo(1 - (sdCpu + sdMem), within(1e-9));
    }

    private static double sd(double... xs) {
        double m = 0, v = 0;
        for (double x : xs) m += x / xs.length;
        for (double x : xs) v += (x - m) * (x - m) / xs.length;
        return Math.sqrt(v);
    }

    @Test
    void packingIsTheMeanFullnessAfterPlacing() {
        var candidates = List.of(candidate(pool, host(1, 8), new Resources(Map.of(ResourceClass.VCPU, 6L, ResourceClass.MEMORY_MB, 4096L))),
                candidate(pool, host(2, 16), Resources.NONE));
        double[] s = score(new PackingScorer(), image(2, 4096), candidates);
        assertThat(s[0]).isCloseTo(((6 + 2) / 8.0 + (4096 + 4096) / (double) HOST_MEMORY_MB) / 2, within(1e-12));
        assertThat(s[1]).isCloseTo((2 / 16.0 + 4096 / (double) HOST_MEMORY_MB) / 2, within(1e-12));
    }
}

package io.berth.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LoadWithoutWindowTest {
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void itGivesTheSameLatestEwmaAndPendingAsAFullReadButNoWindowStatistics() {
        LoadMonitor m = new LoadMonitor(Clock.fixed(NOW, ZoneOffset.UTC));
        double[] cpu = {0.2, 0.4, 0.9, 0.3};
        for (int i = 0; i < cpu.length; i++) {
            m.accept(7, NOW.minusSeconds(20L * (cpu.length - 1 - i)).toEpochMilli(), cpu[i], 100, 400, Double.NaN, Double.NaN, 2);
        }
        m.addPending(7, "reservation-1", 0.1, 50, NOW.plusSeconds(60));
        HostLoad full = m.load(7), light = m.loadWithoutWindow(7);

        assertThat(light.samples()).isEqualTo(full.samples()).isEqualTo(4);
        assertThat(light.cpu()).isEqualTo(full.cpu()).isEqualTo(0.3);
        assertThat(light.cpuEwma()).isEqualTo(full.cpuEwma());
        assertThat(light.effectiveCpu()).isEqualTo(full.effectiveCpu());
        assertThat(light.pendingCpu()).isEqualTo(0.1);
        assertThat(light.stale()).isEqualTo(full.stale()).isFalse();
        assertThat(full.cpuMad()).isFinite();
        assertThat(light.cpuMad()).isNaN();
        assertThat(light.cpuForecast()).isNaN();
        assertThat(m.loadWithoutWindow(99).stale()).as("never heard of").isTrue();
    }
}

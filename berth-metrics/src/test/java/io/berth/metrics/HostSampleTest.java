package io.berth.metrics;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostSampleTest {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void keepsCpuAboveOneAsGiven() {
        HostSample s = new HostSample(1, T, 1.2, 1024, 4096, Double.NaN, 10, 3);
        assertThat(s.cpu()).isEqualTo(1.2);
        assertThat(s.memoryFraction()).isEqualTo(0.25);
        assertThat(s.hasDisk()).isFalse();
        assertThat(s.hasNet()).isTrue();
    }

    @Test
    void shortFormHasNoOptionalFields() {
        HostSample s = HostSample.of(1, T, 0.5, 1, 2);
        assertThat(s.diskKbps()).isNaN();
        assertThat(s.netKbps()).isNaN();
        assertThat(s.vmCount()).isEqualTo(HostSample.UNKNOWN_VM_COUNT);
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> HostSample.of(1, T, Double.NaN, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSample.of(1, T, -0.01, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSample.of(1, T, Double.POSITIVE_INFINITY, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSample.of(1, T, 0.5, -1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSample.of(1, T, 0.5, Double.NaN, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSample.of(1, T, 0.5, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostSample(1, T, 0.5, 1, 2, -5, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostSample(1, T, 0.5, 1, 2, Double.NaN, -5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostSample(1, T, 0.5, 1, 2, Double.NaN, Double.NaN, -2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostSample.of(1, null, 0.5, 1, 2)).isInstanceOf(NullPointerException.class);
    }
}

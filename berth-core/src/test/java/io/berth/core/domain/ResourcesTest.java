package io.berth.core.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourcesTest {
    @Test
    void arithmeticAndFitTreatMissingClassesAsZero() {
        Resources gpuBox = new Resources(Map.of("VCPU", 8L, "GPU_A100", 1L));
        Resources cpuOnly = Resources.of(4, 1024, 10);
        assertThat(gpuBox.fitsIn(cpuOnly)).isFalse();
        assertThat(cpuOnly.fitsIn(Resources.of(4, 1024, 10))).isTrue();
        assertThat(cpuOnly.plus(gpuBox).get("VCPU")).isEqualTo(12);
        assertThat(cpuOnly.minus(gpuBox).get("GPU_A100")).isEqualTo(-1);
    }

    @Test
    void inventoriesRejectNonsense() {
        assertThatThrownBy(() -> new Inventory("vcpu", 1, 0, 1)).hasMessageContaining("upper-case");
        assertThatThrownBy(() -> new Inventory("VCPU", 4, 5, 1)).hasMessageContaining("reserved");
        assertThatThrownBy(() -> new Inventory("VCPU", 4, 0, 0)).hasMessageContaining("allocation ratio");
        assertThat(new Inventory("MEMORY_MB", 1000, 100, 1.5).capacity()).isEqualTo(1350);
    }

    @Test
    void aTimeWindowMustEndAfterItStarts() {
        var t = java.time.Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> new TimeWindow(t, t)).hasMessageContaining("after its start");
    }
}

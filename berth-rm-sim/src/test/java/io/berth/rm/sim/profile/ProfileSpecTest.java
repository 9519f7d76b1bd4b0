package io.berth.rm.sim.profile;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProfileSpecTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void constantIsConstant() {
        UtilisationProfile p = ProfileSpec.parse("constant:0.9").forVm(1, T0);
        assertThat(p.at(T0)).isEqualTo(0.9);
        assertThat(p.at(T0.plus(Duration.ofHours(5)))).isEqualTo(0.9);
    }

    @Test
    void syntheticStaysInRangeRepeatsItselfAndDiffersBetweenVms() {
        ProfileSpec spec = ProfileSpec.parse("synthetic:base=0.5,amplitude=0.4,period=1h,noise=0.2");
        UtilisationProfile a = spec.forVm(1, T0);
        UtilisationProfile b = spec.forVm(2, T0);
        double min = 1, max = 0;
        boolean differs = false;
        for (int m = 0; m < 120; m++) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            double v = a.at(t);
            min = Math.min(min, v);
            max = Math.max(max, v);
            assertThat(v).isBetween(0.0, 1.0).isEqualTo(a.at(t)); // repeatable at an instant
            differs |= Math.abs(v - b.at(t)) > 1e-9;
        }
        assertThat(max - min).as("a wave, not a constant").isGreaterThan(0.5);
        assertThat(differs).isTrue();
        assertThat(spec.forVm(1, T0).at(T0.plusSeconds(600))).isEqualTo(a.at(T0.plusSeconds(600)));
    }

    @Test
    void aPlanetLabTraceIsReplayedStepByStepAndWraps(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.write(dir.resolve("vm-a"), List.of("10", "50", "", "90"));
        ProfileSpec spec = ProfileSpec.parse("trace:" + dir);
        UtilisationProfile p = spec.forVm(0, T0);
        assertThat(p.at(T0)).isEqualTo(0.10);
        assertThat(p.at(T0.plus(Duration.ofMinutes(4)))).isEqualTo(0.10);
        assertThat(p.at(T0.plus(Duration.ofMinutes(5)))).isEqualTo(0.50);
        assertThat(p.at(T0.plus(Duration.ofMinutes(10)))).isEqualTo(0.90);
        assertThat(p.at(T0.plus(Duration.ofMinutes(15)))).as("wraps around").isEqualTo(0.10);
    }

    @Test
    void theBundledPlanetLabSampleHas20FullDays() {
        ProfileSpec spec = ProfileSpec.parse("trace:planetlab-sample");
        for (long vm = 0; vm < 20; vm++) {
            var p = (TraceProfile) spec.forVm(vm, T0);
            assertThat(p.samples()).hasSize(288);
            for (double v : p.samples()) assertThat(v).isBetween(0.0, 1.0);
        }
        assertThat(((TraceProfile) spec.forVm(0, T0)).name()).isNotEqualTo(((TraceProfile) spec.forVm(1, T0)).name());
    }

    @Test
    void nonsenseIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ProfileSpec.parse("constant:1.5")).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ProfileSpec.parse("synthetic:speed=3")).hasMessageContaining("takes base, amplitude");
        assertThatThrownBy(() -> ProfileSpec.parse("wobbly")).hasMessageContaining("constant:");
        assertThatThrownBy(() -> ProfileSpec.parse("synthetic:period=0s")).hasMessageContaining("positive");
    }
}

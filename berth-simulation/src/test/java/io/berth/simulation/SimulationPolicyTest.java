package io.berth.simulation;

import io.berth.placement.rebalance.RebalanceSettings;
import io.berth.placement.rebalance.VmSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationPolicyTest {

    @Test
    void theReferencePresetsAreBeloglazovAndBuyyasSetting() {
        SimulationPolicy lr = SimulationPolicy.preset("lr-mmt").forInterval(Duration.ofSeconds(300));
        RebalanceSettings r = lr.rebalance();
        assertThat(r.detector().spec()).isEqualTo("lr:1.2,fit=ols,samples=10,horizon=1,min-samples=10,fallback=0.7,history=vms");
        assertThat(r.holdSamples()).isEqualTo(1);
        assertThat(r.maxMovesPerCycle()).isEqualTo(Integer.MAX_VALUE);
        assertThat(r.cooldown()).isZero();
        assertThat(r.minImprovement()).isZero();
        assertThat(r.vmSelection()).isEqualTo(VmSelection.MMT);
        assertThat(r.targetLoad()).isEqualTo(RebalanceSettings.TargetLoad.CURRENT);
        assertThat(r.targetNotOverloaded()).isTrue();
        assertThat(r.consolidation().enabled()).isTrue();
        assertThat(r.reliefOrder()).isEqualTo(RebalanceSettings.ReliefOrder.DECREASING);
        assertThat(lr.targetScorers()).isEqualTo("power:1");
        assertThat(SimulationPolicy.preset("dvfs").migrates()).isFalse();
        assertThat(SimulationPolicy.presets()).containsOnlyKeys(SimulationPolicy.PRESETS);
    }

    @Test
    void aPolicyFileIsReadAndCheckedKeyByKey(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.properties");
        Files.writeString(file, """
                placement = balanced
                placement.max-cpu = 0.7
                rebalance = on
                rebalance.detector = mad:2.5
                rebalance.hold = 10m
                rebalance.vm-selection = cost
                """);
        SimulationPolicy p = SimulationPolicy.resolve(file.toString());
        assertThat(p.name()).isEqualTo("mine");
        assertThat(p.placementSettings()).containsEntry("max-cpu", "0.7");
        assertThat(p.forInterval(Duration.ofMinutes(5)).rebalance().holdSamples()).isEqualTo(2);
        assertThat(p.describe()).containsEntry("rebalance.detector", "mad:2.5").containsEntry("rebalance.vm-selection", "cost");

        assertThatThrownBy(() -> SimulationPolicy.parse("x", "rebalance = on\nrebalance.hold-time = 5m\n")).hasMessageContaining("unknown key 'rebalance.hold-time'");
        assertThatThrownBy(() -> SimulationPolicy.parse("x", "rebalance = maybe\n")).hasMessageContaining("rebalance is on or off");
        assertThatThrownBy(() -> SimulationPolicy.parse("x", "rebalance = on\nrebalance.max-moves = 0\n")).hasMessageContaining("rebalance.max-moves");
        assertThatThrownBy(() -> SimulationPolicy.resolve("no-such-policy")).hasMessageContaining("neither a preset");
        // A rebalancer that is off ignores its settings.
        assertThat(SimulationPolicy.parse("x", "rebalance = off\nrebalance.detector = thr:0.7\n").migrates()).isFalse();
    }
}

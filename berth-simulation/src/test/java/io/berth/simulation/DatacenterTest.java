package io.berth.simulation;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DatacenterTest {

    @Test
    void theStandardExperimentIsBeloglazovAndBuyyas() {
        Datacenter dc = Datacenter.standard();
        assertThat(dc.hostCount()).isEqualTo(800);
        assertThat(dc.hostType(0).name()).isEqualTo("g4");
        assertThat(dc.hostType(1).name()).isEqualTo("g5");
        assertThat(dc.hostType(798).name()).isEqualTo("g4");
        assertThat(dc.hostType(0).mips()).isEqualTo(3720);
        assertThat(dc.hostType(1).mips()).isEqualTo(5320);
        assertThat(dc.hostType(1).power().at(0.5)).isEqualTo(116);
        assertThat(dc.interval()).isEqualTo(Duration.ofSeconds(300));
        assertThat(dc.steps()).isEqualTo(288);
        // 1052 VMs: four blocks of ceil(1052 / 4) = 263.
        assertThat(dc.vmType(0, 1052).mips()).isEqualTo(2500);
        assertThat(dc.vmType(262, 1052).mips()).isEqualTo(2500);
        assertThat(dc.vmType(263, 1052).mips()).isEqualTo(2000);
        assertThat(dc.vmType(526, 1052).mips()).isEqualTo(1000);
        assertThat(dc.vmType(1051, 1052).ramMb()).isEqualTo(613);
        // 613 MB over half of a 1 Gbit/s link: 613 x 8 / 500 s.
        assertThat(dc.migrationSeconds(613, dc.hostType(0), dc.hostType(1))).isCloseTo(9.808, within(1e-9));
        assertThat(dc.migrationCpuLoss()).isEqualTo(0.1);
        assertThat(dc.memoryWhileRunning()).isZero();
        assertThat(dc.copyCountsOnTarget()).isTrue();
    }

    @Test
    void aDatacenterFileIsCheckedKeyByKey() {
        String minimal = """
                hosts = 4
                host-types = small
                host.small.cores = 4
                host.small.mips-per-core = 1000
                host.small.ram-mb = 8192
                host.small.bandwidth-mbps = 1000
                host.small.power-watts = 50, 100
                vm-types = v
                vm.v.mips = 500
                vm.v.ram-mb = 1024
                interval = 5m
                duration = 2h
                """;
        Datacenter dc = Datacenter.parse(minimal);
        assertThat(dc.steps()).isEqualTo(24);
        assertThat(dc.memoryWhileRunning()).as("a running VM holds its memory unless the file says otherwise").isEqualTo(1.0);
        assertThat(dc.copyCountsOnTarget()).isFalse();
        assertThatThrownBy(() -> Datacenter.parse(minimal + "host.small.colour = red\n")).hasMessageContaining("unknown key 'host.small.colour'");
        assertThatThrownBy(() -> Datacenter.parse(minimal.replace("vm.v.mips = 500", "vm.v.mips = fast")))
                .hasMessageContaining("vm.v.mips must be a number");
        assertThatThrownBy(() -> Datacenter.parse(minimal.replace("hosts = 4\n", ""))).hasMessageContaining("hosts is missing");
        assertThatThrownBy(() -> Datacenter.parse(minimal.replace("interval = 5m", "interval = soon"))).hasMessageContaining("a duration is like");
    }
}

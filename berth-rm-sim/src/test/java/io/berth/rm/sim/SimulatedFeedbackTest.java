package io.berth.rm.sim;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.resource.MigrationException;
import io.berth.core.resource.MigrationRequest;
import io.berth.core.resource.ProvisionRequest;
import io.berth.core.resource.ResourceManagerContext;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The simulated datacenter reports load as a hypervisor would: host CPU is the sum of its VMs'. */
class SimulatedFeedbackTest {
    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T08:00:00Z"));
    final Host h1 = new Host(1, 1, "h1", "sim", HostState.AVAILABLE,
            List.of(Inventory.of("VCPU", 8), Inventory.of("MEMORY_MB", 32_768)), null);
    final Host h2 = new Host(2, 1, "h2", "sim", HostState.AVAILABLE,
            List.of(new Inventory("VCPU", 18, 2, 4.0), Inventory.of("MEMORY_MB", 65_536)), null);
    final LoadMonitor hosts = new LoadMonitor(LoadMonitorSettings.defaults(), clock);
    final LoadMonitor vms = new LoadMonitor(LoadMonitorSettings.defaults(), clock);
    final User owner = new User(1, "alice", "", "", Role.USER, true);

    SimulatedResourceManager sim(Map<String, String> profiles, double mbps) {
        var settings = new SimSettings(Duration.ZERO, Duration.ZERO, 0, 1, Duration.ZERO, "constant:0.0", profiles, mbps);
        var sim = new SimulatedResourceManager(new PlacementEngine(PolicyRegistry.withBuiltIns(), clock, hosts, Duration.ofMinutes(1)),
                settings, clock, vms, null);
        sim.start(new ResourceManagerContext() {
            public void hostStateChanged(long hostId, HostState s, String reason) {}
            public List<Host> hosts(String type) { return List.of(h1, h2); }
        });
        return sim;
    }

    static Image image(String name, long vcpus) {
        return new Image(0, name, "", "", "sim", Resources.of(vcpus, 2048, 10), 10, Duration.ofHours(1),
                List.of(new ConnectMethod("ssh", "ssh", 22)), List.of());
    }

    @Test
    void hostCpuIsTheSumOfItsVmsOverItsPhysicalCoresAndEachVmReportsItsShare() throws Exception {
        var sim = sim(Map.of("busy", "constant:0.75", "calm", "constant:0.25"), 10_000);
        sim.provision(new ProvisionRequest(10, image("busy", 4), h1, owner, 1));
        sim.provision(new ProvisionRequest(11, image("calm", 2), h1, owner, 1));
        sim.provision(new ProvisionRequest(12, image("busy", 4), h2, owner, 1));
        sim.sampleNow();

        assertThat(hosts.load(1).cpu()).isCloseTo((4 * 0.75 + 2 * 0.25) / 8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(hosts.load(1).vmCount()).isEqualTo(2);
        assertThat(hosts.load(1).memoryFraction()).isCloseTo(4096.0 / 32_768, org.assertj.core.data.Offset.offset(1e-9));
        // h2 has 16 physical cores (18 - 2 reserved), whatever its overcommit.
        assertThat(hosts.load(2).cpu()).isCloseTo(3.0 / 16, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(vms.load(10).cpu()).isCloseTo(3.0 / 8, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(vms.load(11).cpu()).isCloseTo(0.5 / 8, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aHostIsCappedAtFullAndACrashedOneStopsReportingUntilItGoesStale() throws Exception {
        var sim = sim(Map.of("busy", "constant:1.0"), 10_000);
        for (long r = 1; r <= 3; r++) sim.provision(new ProvisionRequest(r, image("busy", 4), h1, owner, 1));
        sim.sampleNow();
        assertThat(hosts.load(1).cpu()).isEqualTo(1.0);

        sim.crashHost(1, "test");
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(20));
            sim.sampleNow();
        }
        assertThat(hosts.load(1).stale()).isTrue();
        assertThat(hosts.load(2).stale()).isFalse();
    }

    @Test
    void aLiveMigrationMovesTheLoadAndMarksItPendingOnTheTarget() throws Exception {
        var sim = sim(Map.of("busy", "constant:1.0"), 1_000_000);
        Image busy = image("busy", 4);
        sim.provision(new ProvisionRequest(7, busy, h1, owner, 1));
        sim.sampleNow();
        sim.migrate(new MigrationRequest(7, "vm", busy, h1, h2));
        assertThat(hosts.load(2).pendingCpu()).as("visible as pending until samples show it").isPositive();
        assertThat(sim.instances()).singleElement().extracting(SimInstance::hostId).isEqualTo(2L);

        clock.advance(Duration.ofSeconds(30));
        sim.sampleNow();
        assertThat(hosts.load(1).cpu()).isZero();
        assertThat(hosts.load(2).cpu()).isCloseTo(4.0 / 16, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(hosts.load(2).pendingCpu()).isZero();

        assertThatThrownBy(() -> sim.migrate(new MigrationRequest(99, "vm", busy, h1, h2)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("does not exist");
        sim.crashHost(1, "x");
        assertThatThrownBy(() -> sim.migrate(new MigrationRequest(7, "vm", busy, h2, h1)))
                .isInstanceOf(MigrationException.class).hasMessageContaining("down");
    }
}

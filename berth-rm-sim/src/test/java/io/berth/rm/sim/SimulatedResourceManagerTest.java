package io.berth.rm.sim;

import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Resources;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.resource.Instance;
import io.berth.core.resource.ProvisionRequest;
import io.berth.core.resource.ProvisioningException;
import io.berth.core.resource.ReclaimRequest;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedResourceManagerTest {
    static final Host HOST = new Host(7, 1, "h7", "sim", HostState.AVAILABLE, List.of(Inventory.of("VCPU", 8)), null);
    static final Image IMAGE = new Image(1, "img", "", "", "sim", Resources.of(1, 512, 0), 9, Duration.ofHours(1),
            List.of(new ConnectMethod("ssh", "ssh", 22), new ConnectMethod("desktop", "rdp", 3389)), List.of());
    static final User OWNER = new User(3, "alice", "", "", Role.USER, true);

    static SimulatedResourceManager sim(double failureProbability) {
        return new SimulatedResourceManager(new PlacementEngine(PolicyRegistry.withBuiltIns(), Clock.systemUTC()),
                new SimSettings(Duration.ZERO, Duration.ZERO, failureProbability, 1));
    }

    @Test
    void provisioningGivesConnectDataForEachMethodAndIsIdempotentPerReservation() throws Exception {
        var sim = sim(0);
        Instance first = sim.provision(new ProvisionRequest(100, IMAGE, HOST, OWNER, 1));
        Instance again = sim.provision(new ProvisionRequest(100, IMAGE, HOST, OWNER, 2));
        assertThat(again).isEqualTo(first);
        assertThat(first.connect().user()).isEqualTo("alice");
        assertThat(first.connect().endpoints()).extracting(e -> e.protocol() + ":" + e.port()).containsExactly("ssh:22", "rdp:3389");
        assertThat(sim.instances()).hasSize(1);
        Instance other = sim.provision(new ProvisionRequest(101, IMAGE, HOST, OWNER, 1));
        assertThat(other.connect().password()).isNotEqualTo(first.connect().password());
        assertThat(other.connect().address()).isNotEqualTo(first.connect().address());

        sim.reclaim(new ReclaimRequest(100, HOST.id(), first.instanceId()));
        sim.reclaim(new ReclaimRequest(100, HOST.id(), first.instanceId())); // twice is fine
        assertThat(sim.instances()).extracting(SimInstance::reservationId).containsExactly(101L);
    }

    @Test
    void injectedFailuresAreRetryableAndFollowTheProbability() {
        var sim = sim(0.3);
        int failures = 0;
        List<Long> ok = new ArrayList<>();
        for (long r = 1; r <= 1000; r++) {
            try {
                sim.provision(new ProvisionRequest(r, IMAGE, HOST, OWNER, 1));
                ok.add(r);
            } catch (ProvisioningException e) {
                assertThat(e.retryable()).isTrue();
                failures++;
            }
        }
        assertThat(failures).isBetween(240, 360); // 300 expected; the seed makes it repeatable
        assertThat(sim.instances()).hasSize(ok.size());
    }

    @Test
    void aCrashedHostLosesItsInstancesReportsDownAndRefusesProvisioning() throws Exception {
        var sim = sim(0);
        List<String> reports = new ArrayList<>();
        sim.start(new io.berth.core.resource.ResourceManagerContext() {
            public void hostStateChanged(long hostId, HostState state, String reason) {
                reports.add(hostId + " " + state + " " + reason);
            }

            public List<Host> hosts(String resourceType) {
                return List.of(HOST);
            }
        });
        sim.provision(new ProvisionRequest(1, IMAGE, HOST, OWNER, 1));
        sim.crashHost(HOST.id(), "power lost");
        assertThat(sim.instances()).isEmpty();
        assertThat(reports).containsExactly("7 DOWN power lost");
        assertThatThrownBy(() -> sim.provision(new ProvisionRequest(2, IMAGE, HOST, OWNER, 1)))
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("down");
        sim.repairHost(HOST.id());
        assertThat(reports).last().isEqualTo("7 AVAILABLE repaired");
        sim.provision(new ProvisionRequest(2, IMAGE, HOST, OWNER, 1));
    }
}

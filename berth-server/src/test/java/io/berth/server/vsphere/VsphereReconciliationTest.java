package io.berth.server.vsphere;

import io.berth.rm.vsphere.soap.CloneSpec;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.server.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** vCenter and Berth agree on which VMs exist: orphans go, reservations whose VM vanished fail. Nothing leaks. */
class VsphereReconciliationTest {
    VsphereBerth berth;
    Api alice;

    @BeforeEach
    void start() {
        berth = VsphereBerth.start();
        alice = berth.login("alice");
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    @Test
    void aVmOfBerthsWithNoReservationIsDestroyedAfterItsGraceAndOthersAreLeftAlone() throws Exception {
        long id = berth.reserve(alice); // makes Berth's folder, and a VM that must stay
        berth.awaitState(alice, id, "READY");
        MoRef folder = berth.vmOf(id).orElseThrow().ref("parent").orElseThrow();

        MoRef orphan = cloneBehindBerthsBack(folder, "berth-99999");
        MoRef foreign = cloneBehindBerthsBack(folder, "someone-elses-vm");

        await().atMost(Duration.ofSeconds(20)).until(() -> berth.vcenter.properties().one(orphan, List.of("name")).isEmpty());
        assertThat(berth.vcenter.properties().one(foreign, List.of("name"))).isPresent();
        assertThat(berth.vmOf(id)).isPresent();
        assertThat(alice.state(id)).isEqualTo("READY");
    }

    private MoRef cloneBehindBerthsBack(MoRef folder, String name) throws Exception {
        MoRef root = berth.vcenter.session().content().rootFolder();
        ObjectContent source = berth.vcenter.properties().all(root, "VirtualMachine", List.of("name", "resourcePool")).stream()
                .filter(o -> o.string("name").orElse("").equals("DC0_C0_RP0_VM1")).findFirst().orElseThrow();
        return berth.vcenter.vms().cloneVm(source.obj(), folder, name,
                new CloneSpec(source.ref("resourcePool").orElseThrow(), null, null, null, null, null, Map.of()), Duration.ofSeconds(10));
    }

    @Test
    void aReservationWhoseVmWasDeletedInVCenterFailsWithTheCauseAndIsReclaimed() throws Exception {
        long id = berth.reserve(alice);
        berth.awaitState(alice, id, "READY");
        MoRef vm = berth.vmOf(id).orElseThrow().obj();

        berth.vcenter.vms().powerOff(vm, Duration.ofSeconds(10));
        berth.vcenter.vms().destroy(vm, Duration.ofSeconds(10));

        berth.awaitState(alice, id, "FAILED");
        assertThat(alice.get("/api/v1/reservations/" + id).json().get("failureCause").asText())
                .isEqualTo("its VM (" + vm.value() + ") no longer exists in vCenter");
        await().atMost(Duration.ofSeconds(10)).until(() -> berth.eventTypes(alice, id).contains("Reclaimed"));
    }
}

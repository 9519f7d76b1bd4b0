package io.berth.rm.vsphere;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.ResourceClass;
import io.berth.core.reservation.ReservationState;
import io.berth.core.resource.Instance;
import io.berth.core.resource.LiveInstance;
import io.berth.core.resource.MigrationException;
import io.berth.core.resource.MigrationRequest;
import io.berth.core.resource.ProvisioningException;
import io.berth.core.resource.ReclaimRequest;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.HostLoad;
import io.berth.rm.vsphere.soap.CloneSpec;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.ObjectContent;
import io.berth.rm.vsphere.soap.VimException;
import io.berth.rm.vsphere.soap.XmlElement;
import io.berth.rm.vsphere.soap.XmlNode;
import io.berth.rm.vsphere.testing.VcSim;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The resource manager against the simulator, with the core played by {@link FakeContext}. */
class VsphereResourceManagerTest {
    static VcSim sim;
    static Lab lab;

    @BeforeAll
    static void start() throws VimException {
        sim = VcSim.start();
        lab = new Lab(sim);
        lab.rm.refreshInventory();
        for (Host h : lab.context.hosts.values()) sim.hostLoad(h.externalId(), 20, 30);
    }

    @AfterAll
    static void stop() {
        lab.close();
        sim.close();
    }

    @Test
    void vCentersHostsBecomeBerthHostsWithTheirCapacity() {
        assertThat(lab.context.hosts.values()).hasSize(3).allSatisfy(h -> {
            assertThat(h.name()).startsWith("DC0_C0_H");
            assertThat(h.externalId()).startsWith("host-");
            assertThat(h.state()).isEqualTo(HostState.AVAILABLE);
            assertThat(h.inventory(ResourceClass.VCPU)).contains(new Inventory(ResourceClass.VCPU, 16, 0, 4.0));
            assertThat(h.inventory(ResourceClass.MEMORY_MB)).contains(Inventory.of(ResourceClass.MEMORY_MB, 65_536));
            assertThat(h.inventory(ResourceClass.DISK_GB)).get().satisfies(d -> assertThat(d.total()).isPositive());
        });
    }

    @Test
    void maintenanceAndDisconnectionInVCenterShowInBerth() throws VimException {
        Host h = lab.context.byName("DC0_C0_H2");
        MoRef ref = new MoRef("HostSystem", h.externalId());
        try {
            lab.admin.tasks().await(task(lab.admin.session().call(XmlElement.of("EnterMaintenanceMode_Task")
                    .add(XmlElement.ref("_this", ref)).add("timeout", 0))), "maintenance", Duration.ofSeconds(10));
            lab.rm.refreshInventory();
            assertThat(lab.context.hosts.get(h.id()).state()).isEqualTo(HostState.MAINTENANCE);
            assertThat(lab.context.stateReasons.get(h.id())).isEqualTo("in maintenance mode in vCenter");

            lab.admin.tasks().await(task(lab.admin.session().call(XmlElement.of("ExitMaintenanceMode_Task")
                    .add(XmlElement.ref("_this", ref)).add("timeout", 0))), "exit maintenance", Duration.ofSeconds(10));
            sim.hostConnection(h.externalId(), "notResponding");
            lab.rm.refreshInventory();
            assertThat(lab.context.hosts.get(h.id()).state()).isEqualTo(HostState.DOWN);
            assertThat(lab.context.stateReasons.get(h.id())).isEqualTo("not responding to vCenter");
        } finally {
            sim.hostConnection(h.externalId(), "connected");
            lab.rm.refreshInventory();
        }
        assertThat(lab.context.hosts.get(h.id()).state()).isEqualTo(HostState.AVAILABLE);
    }

    private static MoRef task(XmlNode response) {
        return response.child("returnval").orElseThrow().moRef();
    }

    @Test
    void aVmIsClonedOntoTheHostBerthChoseAndReclaimedWithoutATrace() throws Exception {
        MoRef templateHost = lab.templateHost();
        Host chosen = lab.context.hosts.values().stream().filter(h -> !h.externalId().equals(templateHost.value())).findFirst().orElseThrow();

        Instance instance = lab.rm.provision(Lab.provision(101, "lab-linux", chosen));

        ObjectContent vm = lab.vm(instance.instanceId());
        assertThat(vm.string("name")).contains("berth-101");
        assertThat(vm.ref("runtime.host")).contains(new MoRef("HostSystem", chosen.externalId()));
        assertThat(vm.string("runtime.powerState")).contains("poweredOn");
        assertThat(instance.connect().address()).startsWith("10.88.");
        assertThat(instance.connect().user()).isEqualTo("alice");
        assertThat(instance.connect().endpoints()).extracting(e -> e.port()).containsExactly(22);
        assertThat(guestinfo(vm)).containsEntry("guestinfo.berth.reservation", "101").containsEntry("guestinfo.berth.user", "alice")
                .containsEntry("guestinfo.berth.password", instance.connect().password());

        Instance again = lab.rm.provision(Lab.provision(101, "lab-linux", chosen));
        assertThat(again.instanceId()).isEqualTo(instance.instanceId());
        assertThat(again.connect().password()).isEqualTo(instance.connect().password());

        lab.rm.reclaim(new ReclaimRequest(101, chosen.id(), instance.instanceId()));
        lab.rm.reclaim(new ReclaimRequest(101, chosen.id(), instance.instanceId()));
        assertThat(lab.vm(instance.instanceId())).isNull();
        assertThat(lab.admin.vms().findChild(lab.berthFolder(), "berth-101")).isEmpty();
    }

    private static Map<String, String> guestinfo(ObjectContent vm) {
        Map<String, String> m = new java.util.HashMap<>();
        for (XmlNode o : vm.get("config.extraConfig").orElseThrow().children()) m.put(o.text("key").orElse(""), o.text("value").orElse(""));
        return m;
    }

    @Test
    void anImageWithoutATemplateFailsForGoodWithAdvice() {
        Host host = lab.context.byName("DC0_C0_H0");

        assertThatThrownBy(() -> lab.rm.provision(Lab.provision(102, "windows-11", host)))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("template 'windows-11' of image 'windows-11' does not exist in vCenter")
                .hasMessageContaining("berth.vsphere.templates.windows-11=<template name>");
    }

    @Test
    void aHostWithoutAVCenterIdIsRefused() {
        Host byHand = new Host(99, 1, "typed-in", VsphereResourceManager.TYPE, HostState.AVAILABLE, List.of(Inventory.of("VCPU", 4)), null);

        assertThatThrownBy(() -> lab.rm.provision(Lab.provision(103, "lab-linux", byHand)))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("has no vCenter id");
    }

    @Test
    void performanceCountersFeedTheLoadModel() throws VimException {
        Host h = lab.context.byName("DC0_C0_H1");
        sim.hostLoad(h.externalId(), 37, 25);

        lab.rm.sample();

        HostLoad load = lab.hostLoads.load(h.id());
        assertThat(load.cpu()).isEqualTo(0.37);
        assertThat(load.memoryFraction()).isEqualTo(0.25);
        assertThat(load.stale()).isFalse();
        assertThat(load.netKbps()).isNotNaN();
        assertThat(lab.rm.load(h.id())).get().satisfies(r -> assertThat(r.figures()).containsEntry("cpu", 0.37));
    }

    @Test
    void aVmMovesToTheTargetHostByVMotion() throws Exception {
        Host from = lab.context.byName("DC0_C0_H0");
        Host to = lab.context.byName("DC0_C0_H1");
        Instance instance = lab.rm.provision(Lab.provision(104, "lab-linux", from));
        try {
            lab.rm.migrate(new MigrationRequest(104, instance.instanceId(), Lab.image("lab-linux"), from, to));

            assertThat(lab.vm(instance.instanceId()).ref("runtime.host")).contains(new MoRef("HostSystem", to.externalId()));
            assertThat(lab.vm(instance.instanceId()).string("runtime.powerState")).contains("poweredOn");
            assertThatThrownBy(() -> lab.rm.migrate(new MigrationRequest(105, instance.instanceId(), Lab.image("lab-linux"), to, from)))
                    .isInstanceOfSatisfying(MigrationException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("is berth-104, not Berth's berth-105");
        } finally {
            lab.rm.reclaim(new ReclaimRequest(104, to.id(), instance.instanceId()));
        }
    }

    @Test
    void reconciliationDestroysOrphansAfterTheirGraceAndReportsVanishedVms() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2030-01-07T08:00:00Z"));
        try (Lab own = new Lab(sim, VcSim.PASSWORD, Map.of(), Duration.ofMinutes(10), clock)) {
            own.rm.refreshInventory();
            Host host = own.context.byName("DC0_C0_H0");
            Instance kept = own.rm.provision(Lab.provision(201, "ubuntu-22.04", host));
            MoRef orphan = cloneBehindBerthsBack(own, "berth-202");
            MoRef foreign = cloneBehindBerthsBack(own, "berth-not-a-reservation");
            own.context.live.add(new LiveInstance(201, host.id(), kept.instanceId(), ReservationState.IN_USE));
            own.context.live.add(new LiveInstance(203, host.id(), "vm-deleted-by-hand", ReservationState.READY));
            own.context.live.add(new LiveInstance(204, host.id(), null, ReservationState.PROVISIONING));
            MoRef elsewhere = own.admin.properties().all(own.admin.session().content().rootFolder(), "VirtualMachine", List.of("name")).stream()
                    .filter(o -> o.string("name").orElse("").equals("DC0_C0_RP0_VM0")).findFirst().orElseThrow().obj();
            own.context.live.add(new LiveInstance(205, host.id(), elsewhere.value(), ReservationState.READY)); // moved out of the folder

            String first = own.rm.reconcile();
            assertThat(first).contains("destroyed []").contains("1 orphan(s) in their grace period");
            assertThat(own.vm(orphan.value())).isNotNull();
            assertThat(own.context.lost).as("205's VM exists, if not in Berth's folder").containsOnlyKeys(203L);
            assertThat(own.context.lost.get(203L)).isEqualTo("its VM (vm-deleted-by-hand) no longer exists in vCenter");

            clock.advance(Duration.ofMinutes(11));
            String second = own.rm.reconcile();

            assertThat(second).contains("destroyed [berth-202]").contains("moved outside Berth []");
            Host other = own.context.byName("DC0_C0_H2");
            own.admin.vms().relocate(new MoRef("VirtualMachine", kept.instanceId()), new MoRef("HostSystem", other.externalId()), null,
                    Duration.ofSeconds(10));
            assertThat(own.rm.reconcile()).as("DRS moved it").contains("moved outside Berth [201]");
            assertThat(own.vm(orphan.value())).isNull();
            assertThat(own.vm(kept.instanceId())).isNotNull();
            assertThat(own.vm(foreign.value())).isNotNull();
            own.rm.reclaim(new ReclaimRequest(201, host.id(), kept.instanceId()));
            own.admin.vms().destroy(foreign, Duration.ofSeconds(10));
        }
    }

    private static MoRef cloneBehindBerthsBack(Lab lab, String name) throws VimException {
        MoRef root = lab.admin.session().content().rootFolder();
        ObjectContent template = lab.admin.properties().all(root, "VirtualMachine", List.of("name", "resourcePool")).stream()
                .filter(o -> o.string("name").orElse("").equals("DC0_C0_RP0_VM0")).findFirst().orElseThrow();
        return lab.admin.vms().cloneVm(template.obj(), lab.berthFolder(), name,
                new CloneSpec(template.ref("resourcePool").orElseThrow(), null, null, null, null, null, Map.of()), Duration.ofSeconds(10));
    }

    @Test
    void aWrongPasswordFailsProvisioningForGoodWithAdvice() {
        try (Lab wrong = new Lab(sim, "wrong-password", Map.of(), Duration.ofMinutes(10), java.time.Clock.systemUTC())) {
            Host host = lab.context.byName("DC0_C0_H0");

            assertThatThrownBy(() -> wrong.rm.provision(Lab.provision(301, "ubuntu-22.04", host)))
                    .isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessageContaining("Login failed: InvalidLogin")
                    .hasMessageContaining("check berth.vsphere.user and the password")
                    .hasMessageNotContaining("wrong-password");
            assertThatThrownBy(wrong.rm::refreshInventory).isInstanceOf(VimException.class);
        }
    }
}

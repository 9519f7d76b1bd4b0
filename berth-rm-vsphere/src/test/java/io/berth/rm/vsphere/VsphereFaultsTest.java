package io.berth.rm.vsphere;

import io.berth.core.domain.Host;
import io.berth.core.resource.Instance;
import io.berth.core.resource.ProvisioningException;
import io.berth.metrics.HostLoad;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.testing.VcSim;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.awaitility.Awaitility.await;

/** vCenter going away mid-clone, and an endpoint without performance counters. */
class VsphereFaultsTest {

    @Test
    void vCenterStoppingMidCloneIsARetryableFailureAndTheRetryAfterItsReturnSucceeds() throws Exception {
        try (VcSim sim = VcSim.start(VcSim.Options.defaults().withCloneDelayMs(3000)); Lab lab = new Lab(sim)) {
            lab.rm.refreshInventory();
            Host host = lab.context.byName("DC0_C0_H1");
            CompletableFuture<Instance> first = new CompletableFuture<>();
            Thread provisioning = Thread.ofPlatform().name("provisioning-401").start(() -> {
                try {
                    first.complete(lab.rm.provision(Lab.provision(401, "lab-linux", host)));
                } catch (Throwable e) {
                    first.completeExceptionally(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                    Arrays.stream(provisioning.getStackTrace()).anyMatch(f -> f.getMethodName().equals("cloneVm")));

            sim.stop();

            ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> first.get(30, java.util.concurrent.TimeUnit.SECONDS));
            assertThat(failed.getCause()).isInstanceOfSatisfying(ProvisioningException.class, e -> assertThat(e.retryable()).isTrue())
                    .hasMessageContaining("provisioning berth-401 on DC0_C0_H1")
                    .hasMessageContaining("vSphere endpoint " + sim.url());

            sim.restart();
            Instance second = lab.rm.provision(Lab.provision(401, "lab-linux", host));

            assertThat(lab.vm(second.instanceId()).ref("runtime.host")).contains(new MoRef("HostSystem", host.externalId()));
            assertThat(lab.vm(second.instanceId()).string("runtime.powerState")).contains("poweredOn");
        }
    }

    @Test
    void aCloneSlowerThanTheCallTimeoutIsRetryableAndTheRetryTakesOverTheFinishedClone() throws Exception {
        try (VcSim sim = VcSim.start(VcSim.Options.defaults().withCloneDelayMs(2500));
             Lab lab = new Lab(sim, VcSim.PASSWORD, Map.of(), Duration.ofMinutes(10), Clock.systemUTC(), Duration.ofSeconds(1))) {
            lab.rm.refreshInventory();
            Host host = lab.context.byName("DC0_C0_H2");

            ProvisioningException slow = assertThrows(ProvisioningException.class, () -> lab.rm.provision(Lab.provision(402, "ubuntu-22.04", host)));
            assertThat(slow.retryable()).isTrue();
            assertThat(slow).hasMessageContaining("did not answer in time").hasMessageContaining("CloneVM_Task took longer than 1 s");

            await().atMost(Duration.ofSeconds(10)).until(() -> lab.admin.vms().findChild(lab.berthFolder(), "berth-402").isPresent());
            MoRef finished = lab.admin.vms().findChild(lab.berthFolder(), "berth-402").orElseThrow();
            Instance retried = lab.rm.provision(Lab.provision(402, "ubuntu-22.04", host));

            assertThat(retried.instanceId()).as("no second clone").isEqualTo(finished.value());
            assertThat(lab.vm(retried.instanceId()).ref("runtime.host")).contains(new MoRef("HostSystem", host.externalId()));
        }
    }

    @Test
    void withoutPerformanceCountersQuickStatsStandIn() throws Exception {
        try (VcSim sim = VcSim.start(VcSim.Options.defaults().withoutPerformanceCounters()); Lab lab = new Lab(sim)) {
            lab.rm.refreshInventory();
            Host host = lab.context.byName("DC0_C0_H2");
            sim.hostLoad(host.externalId(), 42, 50);

            lab.rm.sample();

            HostLoad load = lab.hostLoads.load(host.id());
            assertThat(load.cpu()).isCloseTo(0.42, within(0.001));
            assertThat(load.memoryFraction()).isCloseTo(0.50, within(0.001));
            assertThat(load.netKbps()).isNaN();
        }
    }
}

package io.berth.server.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
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

/** A reservation's life on ESX hosts behind the (simulated) vCenter, through Berth's REST API. */
class VsphereLifecycleTest {
    VsphereBerth berth;
    Api admin;
    Api alice;

    @BeforeEach
    void start() {
        berth = VsphereBerth.start();
        admin = berth.login("admin");
        alice = berth.login("alice");
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    @Test
    void vCentersHostsAreDiscoveredIntoTheirPool() {
        JsonNode pool = admin.get("/api/v1/pools").expect(200).json().findParents("name").stream()
                .filter(p -> p.get("name").asText().equals("vsphere")).findFirst().orElseThrow();

        assertThat(pool.get("resourceType").asText()).isEqualTo("vsphere");
        assertThat(pool.get("placementPolicy").asText()).isEqualTo("round-robin");
        assertThat(pool.get("hosts").asInt()).isEqualTo(3);
        assertThat(berth.hosts()).allSatisfy(h -> {
            assertThat(h.get("state").asText()).isEqualTo("AVAILABLE");
            assertThat(h.get("externalId").asText()).startsWith("host-");
            assertThat(h.get("capacity").get("VCPU").asLong()).isEqualTo(64);
            assertThat(h.get("capacity").get("MEMORY_MB").asLong()).isEqualTo(65_536);
        });
    }

    @Test
    void aReservationIsClonedPoweredOnHandedOverAndDestroyedAtItsEnd() throws Exception {
        long id = berth.reserve(alice);
        berth.awaitState(alice, id, "READY");

        JsonNode r = alice.get("/api/v1/reservations/" + id).expect(200).json();
        JsonNode connection = alice.get("/api/v1/reservations/" + id + "/connection").expect(200).json();
        ObjectContent vm = berth.vmOf(id).orElseThrow();
        String hostMoid = admin.get("/api/v1/hosts/" + r.get("hostId").asLong()).expect(200).json().get("externalId").asText();
        assertThat(vm.ref("runtime.host")).contains(new MoRef("HostSystem", hostMoid));
        assertThat(vm.string("runtime.powerState")).contains("poweredOn");
        assertThat(connection.get("address").asText()).startsWith("10.88.");
        assertThat(connection.get("user").asText()).isEqualTo("alice");
        assertThat(connection.get("password").asText()).hasSize(14);
        assertThat(connection.get("endpoints").get(0).get("port").asInt()).isEqualTo(22);

        alice.post("/api/v1/reservations/" + id + "/acknowledge", Map.of()).expect(200);
        alice.post("/api/v1/reservations/" + id + "/end", Map.of()).expect(200);
        berth.awaitState(alice, id, "CLOSED");

        assertThat(berth.vmOf(id)).isEmpty();
        assertThat(berth.eventTypes(alice, id)).containsSubsequence("Requested", "Placed", "ProvisioningStarted", "Ready", "Acknowledged",
                "EndRequested", "Reclaimed", "Closed");
    }

    @Test
    void theCloneLandsOnTheHostThePlacementControllerChose() throws Exception {
        String templateHost = templateHost();
        JsonNode target = null;
        for (JsonNode h : berth.hosts()) {
            boolean chosen = target == null && !h.get("externalId").asText().equals(templateHost);
            if (chosen) target = h;
            berth.sim.hostLoad(h.get("externalId").asText(), chosen ? 5 : 60, 30);
        }
        long targetId = target.get("id").asLong();
        long poolId = target.get("poolId").asLong();
        admin.patch("/api/v1/pools/" + poolId, Map.of("placementPolicy", "least-loaded")).expect(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> berth.hosts().findValues("id").stream().allMatch(h ->
                admin.get("/api/v1/hosts/" + h.asLong() + "/load").json().path("figures").path("samples").asDouble() >= 1));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                admin.get("/api/v1/hosts/" + targetId + "/load").json().path("figures").path("cpu").asDouble() == 0.05);

        long id = berth.reserve(alice);
        berth.awaitState(alice, id, "READY");

        JsonNode placement = alice.get("/api/v1/reservations/" + id + "/placement").expect(200).json();
        assertThat(placement.findValue("controller").asText()).isEqualTo("least-loaded");
        assertThat(alice.get("/api/v1/reservations/" + id).json().get("hostId").asLong()).isEqualTo(targetId);
        assertThat(berth.vmHost(id)).as("vCenter put the clone on the template's host; Berth moved it to its choice")
                .isEqualTo(target.get("externalId").asText()).isNotEqualTo(templateHost);
    }

    private String templateHost() throws Exception {
        MoRef root = berth.vcenter.session().content().rootFolder();
        return berth.vcenter.properties().all(root, "VirtualMachine", List.of("name", "runtime.host")).stream()
                .filter(o -> o.string("name").orElse("").equals("ubuntu-22.04")).findFirst().orElseThrow()
                .ref("runtime.host").orElseThrow().value();
    }

    @Test
    void hostCountersReachTheLoadModelAndTheApi() {
        JsonNode host = berth.host("DC0_C0_H1");
        berth.sim.hostLoad(host.get("externalId").asText(), 42, 35);

        await().atMost(Duration.ofSeconds(10)).until(() ->
                admin.get("/api/v1/hosts/" + host.get("id").asLong() + "/load").json().path("figures").path("cpu").asDouble() == 0.42);

        JsonNode load = admin.get("/api/v1/hosts/" + host.get("id").asLong() + "/load").expect(200).json();
        assertThat(load.get("stale").asBoolean()).isFalse();
        assertThat(load.get("figures").get("memory").asDouble()).isEqualTo(0.35);
        assertThat(load.get("figures").has("netKbps")).isTrue();
        assertThat(load.get("ageSeconds").asDouble()).isLessThan(5);
    }

    @Test
    void aDisconnectedHostGoesDownWithWhatRanThereAndComesBack() {
        long id = berth.reserve(alice);
        berth.awaitState(alice, id, "READY");
        long hostId = alice.get("/api/v1/reservations/" + id).json().get("hostId").asLong();
        String moid = admin.get("/api/v1/hosts/" + hostId).json().get("externalId").asText();

        berth.sim.hostConnection(moid, "disconnected");

        berth.awaitState(alice, id, "FAILED");
        assertThat(alice.get("/api/v1/reservations/" + id).json().get("failureCause").asText()).isEqualTo("host went down: disconnected in vCenter");
        assertThat(admin.get("/api/v1/hosts/" + hostId).json().get("state").asText()).isEqualTo("DOWN");

        berth.sim.hostConnection(moid, "connected");
        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/hosts/" + hostId).json().get("state").asText().equals("AVAILABLE"));
        await().atMost(Duration.ofSeconds(10)).until(() -> berth.eventTypes(alice, id).contains("Reclaimed"));
    }
}

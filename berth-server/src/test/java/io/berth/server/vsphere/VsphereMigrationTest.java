package io.berth.server.vsphere;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.rm.vsphere.soap.MoRef;
import io.berth.rm.vsphere.soap.XmlElement;
import io.berth.server.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Berth, not DRS, moves VMs between ESX hosts: a maintenance drain and the rebalancer, both by vMotion. */
class VsphereMigrationTest {
    VsphereBerth berth;
    Api admin;
    Api alice;
    JsonNode a;
    List<JsonNode> others;

    @BeforeEach
    void start() {
        berth = VsphereBerth.start();
        admin = berth.login("admin");
        alice = berth.login("alice");
        a = berth.host("DC0_C0_H0");
        others = List.of(berth.host("DC0_C0_H1"), berth.host("DC0_C0_H2"));
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    /** Two reservations running on host A: the other hosts are held in maintenance while they are placed. */
    private List<Long> twoReservationsOnA() {
        for (JsonNode h : others) setState(h, "MAINTENANCE");
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) ids.add(berth.reserve(alice));
        for (long id : ids) berth.awaitState(alice, id, "READY");
        for (long id : ids) assertThat(alice.get("/api/v1/reservations/" + id).json().get("hostId").asLong()).isEqualTo(a.get("id").asLong());
        for (JsonNode h : others) setState(h, "AVAILABLE");
        return ids;
    }

    private void setState(JsonNode host, String state) {
        admin.put("/api/v1/hosts/" + host.get("id").asLong() + "/state", Map.of("state", state, "reason", "test")).expect(200);
    }

    @Test
    void aHostPutIntoMaintenanceInBerthIsDrainedByVMotion() throws Exception {
        List<Long> ids = twoReservationsOnA();
        awaitFreshSamples();

        setState(a, "MAINTENANCE");

        for (long id : ids) {
            await().atMost(Duration.ofSeconds(30)).until(() -> berth.eventTypes(alice, id).contains("Migrated"));
            long now = alice.get("/api/v1/reservations/" + id).json().get("hostId").asLong();
            String moid = admin.get("/api/v1/hosts/" + now).json().get("externalId").asText();
            assertThat(now).isNotEqualTo(a.get("id").asLong());
            assertThat(berth.vmHost(id)).isEqualTo(moid);
            assertThat(berth.vmOf(id).orElseThrow().string("runtime.powerState")).contains("poweredOn");
            assertThat(alice.state(id)).isEqualTo("READY");
        }
    }

    @Test
    void maintenanceModeEnteredInVCenterShowsInBerthAndDrainsTheHost() throws Exception {
        List<Long> ids = twoReservationsOnA();
        awaitFreshSamples();
        MoRef host = new MoRef("HostSystem", a.get("externalId").asText());

        MoRef task = berth.vcenter.session().call(XmlElement.of("EnterMaintenanceMode_Task").add(XmlElement.ref("_this", host)).add("timeout", 0))
                .child("returnval").orElseThrow().moRef();
        berth.vcenter.tasks().await(task, "maintenance", Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/hosts/" + a.get("id").asLong()).json().get("state").asText()
                .equals("MAINTENANCE"));
        for (long id : ids) {
            await().atMost(Duration.ofSeconds(30)).until(() -> berth.eventTypes(alice, id).contains("Migrated"));
            assertThat(berth.vmHost(id)).isNotEqualTo(a.get("externalId").asText());
        }
    }

    @Test
    void theRebalancerMovesAVmOffAnOverloadedHost() throws Exception {
        List<Long> ids = twoReservationsOnA();
        berth.sim.hostLoad(a.get("externalId").asText(), 95, 40);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                admin.get("/api/v1/hosts/" + a.get("id").asLong() + "/load").json().path("figures").path("cpu").asDouble() == 0.95);
        awaitFreshSamples();

        JsonNode run = admin.post("/api/v1/rebalance", Map.of("resourceType", "vsphere", "dryRun", false)).expect(200).json();

        List<JsonNode> migrated = run.get("outcomes").findParents("status").stream().filter(o -> o.get("status").asText().equals("migrated")).toList();
        assertThat(migrated).as(run.toString()).isNotEmpty();
        for (JsonNode outcome : migrated) {
            long id = outcome.get("move").get("reservationId").asLong();
            long to = outcome.get("move").get("toHostId").asLong();
            assertThat(ids).contains(id);
            assertThat(to).isNotEqualTo(a.get("id").asLong());
            assertThat(berth.vmHost(id)).isEqualTo(admin.get("/api/v1/hosts/" + to).json().get("externalId").asText());
            assertThat(berth.eventTypes(alice, id)).containsSubsequence("MigrationStarted", "Migrated");
        }
    }

    /** Load-aware targets need live samples of every host. */
    private void awaitFreshSamples() {
        await().atMost(Duration.ofSeconds(10)).until(() -> berth.hosts().findValues("id").stream().allMatch(h -> {
            JsonNode load = admin.get("/api/v1/hosts/" + h.asLong() + "/load").json();
            return !load.path("stale").asBoolean(true) && load.path("figures").path("samples").asDouble() >= 2;
        }));
    }
}

package io.berth.server.placement;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rebalancing through the API on the simulated datacenter: a dry-run preview that moves nothing, a run whose
 * migrations are events with their reasons, maintenance evacuation, and an admin's move that still obeys every
 * filter. Two hosts of 8 VCPU; "busy" VMs use 2 VCPU at 100 %, so four of them overload a host.
 */
class RebalanceApiTest {
    private TestBerth berth;
    private Api admin;
    private Api alice;
    private long host1;
    private long host2;

    @BeforeEach
    void start() {
        berth = TestBerth.start(TestBerth.Options.defaults().withHosts(2).withMutableClock()
                .withProfiles(Map.of("busy", "constant:1.0", "idle", "constant:0.05")));
        admin = berth.adminApi();
        alice = berth.login("alice");
        host1 = berth.hostIds.get(0);
        host2 = berth.hostIds.get(1);
        berth.sample();
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    /** Puts {@code n} reservations of an image on host 1 (host 2 drained meanwhile), READY. */
    private List<Long> onHostOne(long imageId, int n) {
        admin.put("/api/v1/hosts/" + host2 + "/state", Map.of("state", "MAINTENANCE")).expect(200);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = alice.post("/api/v1/reservations", Map.of("imageId", imageId)).expect(201).json().get("id").asLong();
            ids.add(id);
        }
        for (long id : ids) await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("READY"));
        admin.put("/api/v1/hosts/" + host2 + "/state", Map.of("state", "AVAILABLE")).expect(200);
        return ids;
    }

    private long hostOf(long reservationId) {
        return alice.get("/api/v1/reservations/" + reservationId).json().get("hostId").asLong();
    }

    @Test
    void aSustainedOverloadIsPreviewedThenRelievedByLiveMigrationWithItsReasons() {
        List<Long> ids = onHostOne(berth.busy.id(), 4);
        for (int i = 0; i < 4; i++) berth.tick(); // overloaded for longer than the one-minute hold

        JsonNode preview = admin.post("/api/v1/rebalance", Map.of("resourceType", "sim", "dryRun", true)).expect(200).json();
        assertThat(preview.get("dryRun").asBoolean()).isTrue();
        JsonNode moves = preview.get("plan").get("moves");
        assertThat(moves.size()).isBetween(1, 2);
        JsonNode move = moves.get(0);
        assertThat(move.get("fromHostId").asLong()).isEqualTo(host1);
        assertThat(move.get("toHostId").asLong()).isEqualTo(host2);
        JsonNode reason = move.get("reason");
        assertThat(reason.get("trigger").asText()).isEqualTo("rebalance");
        assertThat(reason.get("figures").get("sourceCpuBefore").asDouble()).isGreaterThan(0.8);
        assertThat(reason.get("figures").get("targetCpuAfter").asDouble()).isLessThanOrEqualTo(0.7);
        assertThat(reason.get("target").get("candidates").get(0).get("scores").has("forecast-headroom")).isTrue();
        assertThat(preview.get("plan").get("after").get("peakCpu").asDouble())
                .isLessThan(preview.get("plan").get("before").get("peakCpu").asDouble());
        assertThat(ids).allMatch(id -> hostOf(id) == host1);

        JsonNode run = admin.post("/api/v1/rebalance", Map.of("resourceType", "sim", "dryRun", false)).expect(200).json();
        assertThat(run.get("outcomes").findValuesAsText("status")).isNotEmpty().containsOnly("migrated");
        long moved = run.get("plan").get("moves").get(0).get("reservationId").asLong();
        assertThat(hostOf(moved)).isEqualTo(host2);
        assertThat(berth.sim().instances()).filteredOn(i -> i.reservationId() == moved).allMatch(i -> i.hostId() == host2);
        JsonNode events = alice.get("/api/v1/reservations/" + moved + "/events").json();
        assertThat(events.findValuesAsText("type")).containsSubsequence("Ready", "MigrationStarted", "Migrated");
        JsonNode started = null;
        for (JsonNode e : events) if (e.get("type").asText().equals("MigrationStarted")) started = e;
        assertThat(started.get("data").get("reason").get("summary").asText()).contains("overloaded");
        assertThat(admin.get("/api/v1/hosts/" + host2 + "/decisions").json().findValuesAsText("type")).contains("MigrationStarted");
        assertThat(admin.get("/api/v1/rebalance/last?resourceType=sim").expect(200).json().get("plan").get("trigger").asText())
                .isEqualTo("ON_DEMAND");

        // Relieved: a fresh look finds nothing worth moving, and a moved VM is in cooldown anyway.
        for (int i = 0; i < 4; i++) berth.tick();
        JsonNode again = admin.post("/api/v1/rebalance", Map.of("dryRun", true)).expect(200).json();
        assertThat(again.get("plan").get("moves")).isEmpty();
    }

    @Test
    void aBriefSpikeShorterThanTheHoldIsLeftAlone() {
        onHostOne(berth.busy.id(), 4);
        berth.tick(); // one overloaded sample only
        JsonNode preview = admin.post("/api/v1/rebalance", Map.of("dryRun", true)).expect(200).json();
        assertThat(preview.get("plan").get("moves")).isEmpty();
        assertThat(preview.get("plan").get("notes").toString()).contains("the hold needs");
    }

    @Test
    void maintenanceEvacuatesAHostByLiveMigration() {
        List<Long> ids = onHostOne(berth.idle.id(), 2);
        berth.tick();
        admin.put("/api/v1/hosts/" + host1 + "/state", Map.of("state", "MAINTENANCE", "reason", "firmware")).expect(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> ids.stream().allMatch(id -> hostOf(id) == host2));
        for (long id : ids) {
            JsonNode events = alice.get("/api/v1/reservations/" + id + "/events").json();
            assertThat(events.toString()).contains("\"trigger\":\"maintenance\"");
            assertThat(alice.state(id)).isEqualTo("READY");
        }
        await().atMost(Duration.ofSeconds(10)).until(() ->
                admin.get("/api/v1/rebalance/last?resourceType=sim").json().path("plan").path("trigger").asText().equals("MAINTENANCE"));
        admin.delete("/api/v1/hosts/" + host1).expect(204);
    }

    @Test
    void anAdminsMoveStillObeysEveryFilterAndTheRefusalNamesIt() {
        List<Long> ids = onHostOne(berth.idle.id(), 1);
        long mine = ids.getFirst();
        // Fill host 2 completely with a large (8 VCPU) reservation.
        long large = alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id())).expect(201).json().get("id").asLong();
        assertThat(hostOf(large)).isEqualTo(host2);
        berth.tick();
        var refused = admin.post("/api/v1/reservations/" + mine + "/migrate", Map.of("hostId", host2));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("hostId");
        assertThat(refused.json().get("detail").asText()).contains("refused by filter 'capacity'");

        alice.post("/api/v1/reservations/" + large + "/end", null).expect(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(large).equals("CLOSED"));
        var accepted = admin.post("/api/v1/reservations/" + mine + "/migrate", Map.of("hostId", host2));
        assertThat(accepted.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> hostOf(mine) == host2);
        assertThat(alice.get("/api/v1/reservations/" + mine + "/events").json().toString()).contains("\"trigger\":\"admin\"");
        assertThat(alice.post("/api/v1/reservations/" + mine + "/migrate", Map.of("hostId", host1)).status())
                .as("users may not migrate").isEqualTo(403);
    }

    @Test
    void antiAffinityHoldsForPlacementAndMigration() {
        Map<String, Object> group = Map.of("name", "exam", "kind", "ANTI_AFFINITY");
        long a = alice.post("/api/v1/reservations", Map.of("imageId", berth.idle.id(), "group", group)).expect(201).json().get("id").asLong();
        long b = alice.post("/api/v1/reservations", Map.of("imageId", berth.idle.id(), "group", group)).expect(201).json().get("id").asLong();
        assertThat(hostOf(a)).isNotEqualTo(hostOf(b));
        var third = alice.post("/api/v1/reservations", Map.of("imageId", berth.idle.id(), "group", group));
        assertThat(third.status()).isEqualTo(409);
        assertThat(third.json().get("placement").get("candidates").findValuesAsText("rejectedBy")).containsOnly("placement-group");
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(a).equals("READY") && alice.state(b).equals("READY"));
        berth.tick();
        var refused = admin.post("/api/v1/reservations/" + a + "/migrate", Map.of("hostId", hostOf(b)));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("detail").asText()).contains("placement-group").contains("exam");
        assertThat(alice.get("/api/v1/reservations/" + a).json().get("group").get("kind").asText()).isEqualTo("ANTI_AFFINITY");
    }
}

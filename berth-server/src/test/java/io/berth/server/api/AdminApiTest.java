package io.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What an admin does: pools, hosts, draining, images, users and groups. */
class AdminApiTest {
    private TestBerth berth;
    private Api admin;
    private Api alice;

    @BeforeEach
    void start() {
        berth = TestBerth.start();
        admin = berth.adminApi();
        alice = berth.login("alice");
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    @Test
    void aDrainedHostKeepsItsReservationButTakesNoNewOnesAndCanBeRemovedOnceEmpty() {
        long host1 = berth.hostIds.get(0);
        long first = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        assertThat(alice.get("/api/v1/reservations/" + first).json().get("hostId").asLong()).isEqualTo(host1);

        JsonNode drained = admin.put("/api/v1/hosts/" + host1 + "/state", Map.of("state", "MAINTENANCE", "reason", "firmware")).expect(200).json();
        assertThat(drained.get("state").asText()).isEqualTo("MAINTENANCE");

        for (int i = 0; i < 3; i++) {
            JsonNode r = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json();
            assertThat(r.get("hostId").asLong()).isNotEqualTo(host1);
        }
        var explanation = alice.get("/api/v1/reservations/" + (first + 1) + "/placement").json().get("data").get("explanation");
        assertThat(explanation.get("candidates").findValuesAsText("reason")).contains("host is MAINTENANCE");
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.get("/api/v1/reservations/" + first).json().get("state").asText().equals("READY"));

        var refused = admin.delete("/api/v1/hosts/" + host1);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("still holds 1 reservation");

        alice.post("/api/v1/reservations/" + first + "/end", null).expect(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.get("/api/v1/reservations/" + first).json().get("state").asText().equals("CLOSED"));
        admin.delete("/api/v1/hosts/" + host1).expect(204);
        assertThat(admin.get("/api/v1/hosts/" + host1).status()).isEqualTo(404);
    }

    @Test
    void poolsAndHostsAreCreatedValidatedAndListed() {
        JsonNode pool = admin.post("/api/v1/pools", Map.of("name", "gpu", "resourceType", "sim")).expect(201).json();
        assertThat(pool.get("placementPolicy").asText()).isEqualTo("round-robin");
        long poolId = pool.get("id").asLong();

        var badType = admin.post("/api/v1/pools", Map.of("name", "esx", "resourceType", "vsphere"));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("field").asText()).isEqualTo("resourceType");
        var badPolicy = admin.patch("/api/v1/pools/" + poolId, Map.of("placementPolicy", "magic"));
        assertThat(badPolicy.json().get("field").asText()).isEqualTo("placementPolicy");
        var dup = admin.post("/api/v1/pools", Map.of("name", "gpu", "resourceType", "sim"));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.json().get("field").asText()).isEqualTo("name");

        JsonNode host = admin.post("/api/v1/hosts", Map.of("poolId", poolId, "name", "gpu-1", "inventories", List.of(
                Map.of("resourceClass", "VCPU", "total", 64, "reserved", 4, "allocationRatio", 2.0),
                Map.of("resourceClass", "MEMORY_MB", "total", 524288),
                Map.of("resourceClass", "GPU_A100", "total", 4)))).expect(201).json();
        assertThat(host.get("capacity").get("VCPU").asLong()).isEqualTo(120);
        assertThat(host.get("state").asText()).isEqualTo("AVAILABLE");
        assertThat(admin.get("/api/v1/hosts?poolId=" + poolId).json()).hasSize(1);

        var badInventory = admin.post("/api/v1/hosts", Map.of("poolId", poolId, "name", "gpu-2", "inventories", List.of(
                Map.of("resourceClass", "VCPU", "total", 8, "reserved", 9))));
        assertThat(badInventory.status()).isEqualTo(400);
        assertThat(badInventory.json().get("field").asText()).isEqualTo("inventories[0]");
        var noTotal = admin.post("/api/v1/hosts", Map.of("poolId", poolId, "name", "gpu-2", "inventories", List.of(Map.of("resourceClass", "VCPU"))));
        assertThat(noTotal.json().get("field").asText()).isEqualTo("inventories[0].total");

        assertThat(admin.delete("/api/v1/pools/" + poolId).status()).isEqualTo(409);
    }

    @Test
    void anImageOnlyForAGpuPoolIsPlacedThereAndItsCustomClassCounts() {
        long poolId = admin.post("/api/v1/pools", Map.of("name", "gpu", "resourceType", "sim")).expect(201).json().get("id").asLong();
        admin.post("/api/v1/hosts", Map.of("poolId", poolId, "name", "gpu-1", "inventories", List.of(
                Map.of("resourceClass", "VCPU", "total", 64), Map.of("resourceClass", "MEMORY_MB", "total", 524288),
                Map.of("resourceClass", "GPU_A100", "total", 1)))).expect(201);
        long imageId = admin.post("/api/v1/images", Map.of("name", "cuda", "resourceType", "sim",
                "minimum", Map.of("VCPU", 4, "MEMORY_MB", 8192, "GPU_A100", 1),
                "connectMethods", List.of(Map.of("name", "ssh", "protocol", "ssh", "port", 22)))).expect(201).json().get("id").asLong();
        long groupId = admin.post("/api/v1/groups", Map.of("name", "ml")).expect(201).json().get("id").asLong();
        admin.put("/api/v1/groups/" + groupId + "/members/" + berth.alice.id(), null).expect(204);
        admin.put("/api/v1/groups/" + groupId + "/images/" + imageId, null).expect(204);
        assertThat(admin.get("/api/v1/groups/" + groupId + "/images").json().get(0).asLong()).isEqualTo(imageId);

        JsonNode r = alice.post("/api/v1/reservations", Map.of("imageId", imageId)).expect(201).json();
        assertThat(r.get("hostName").asText()).isEqualTo("gpu-1");
        var second = alice.post("/api/v1/reservations", Map.of("imageId", imageId));
        assertThat(second.status()).isEqualTo(409);
        JsonNode candidates = second.json().get("placement").get("candidates");
        assertThat(candidates.findValuesAsText("rejectedBy")).contains("image-minimums", "capacity");
    }

    @Test
    void usersAndGroupsAreManaged() {
        long carol = admin.post("/api/v1/users", Map.of("login", "carol", "password", TestBerth.PASSWORD, "role", "USER")).expect(201).json().get("id").asLong();
        assertThat(admin.post("/api/v1/users", Map.of("login", "carol", "password", TestBerth.PASSWORD)).status()).isEqualTo(409);
        var weak = admin.post("/api/v1/users", Map.of("login", "erin", "password", "short"));
        assertThat(weak.json().get("field").asText()).isEqualTo("password");
        admin.patch("/api/v1/users/" + carol, Map.of("enabled", false)).expect(200);
        assertThat(berth.anonymous().post("/api/v1/auth/login", Map.of("login", "carol", "password", TestBerth.PASSWORD)).status()).isEqualTo(401);
        var self = admin.patch("/api/v1/users/" + berth.admin.id(), Map.of("role", "USER"));
        assertThat(self.status()).isEqualTo(409);
        admin.delete("/api/v1/users/" + carol).expect(204);
        long group = admin.post("/api/v1/groups", Map.of("name", "cs101")).expect(201).json().get("id").asLong();
        admin.put("/api/v1/groups/" + group + "/members/" + berth.bob.id(), null).expect(204);
        assertThat(admin.get("/api/v1/groups/" + group + "/members").json().findValuesAsText("login")).containsExactly("bob");
        assertThat(berth.login("bob").get("/api/v1/me").json().findValuesAsText("name")).contains("cs101");
        admin.delete("/api/v1/groups/" + group + "/members/" + berth.bob.id()).expect(204);
        admin.delete("/api/v1/groups/" + group).expect(204);
    }
}

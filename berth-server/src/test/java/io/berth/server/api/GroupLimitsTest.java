package io.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.domain.TimeWindow;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group's limits (what VCL calls initialMaxTime, totalMaxTime and maxExtendTime) over REST: set by admins,
 * shown to members, enforced by the core for every API.
 */
class GroupLimitsTest {
    static TestBerth berth;
    static Api admin;
    static Api alice;
    static long students;

    @BeforeAll
    static void start() {
        berth = TestBerth.start(TestBerth.Options.defaults().withHosts(4));
        admin = berth.adminApi();
        alice = berth.login("alice");
        students = admin.get("/api/v1/groups").expect(200).json().get(0).get("id").asLong();
        admin.patch("/api/v1/groups/" + students, Map.of("limits",
                Map.of("initialMaxMinutes", 60, "totalMaxMinutes", 90, "maxExtendMinutes", 20))).expect(200);
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @Test
    void membersSeeTheirLimits() {
        JsonNode me = alice.get("/api/v1/me").expect(200).json();
        assertThat(me.at("/groups/0/limits/initialMaxMinutes").asLong()).isEqualTo(60);
        assertThat(me.at("/groups/0/limits/totalMaxMinutes").asLong()).isEqualTo(90);
        assertThat(me.at("/groups/0/limits/maxExtendMinutes").asLong()).isEqualTo(20);
    }

    @Test
    void aNewReservationMayNotOutlastTheInitialLimit() {
        var refused = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id(), "durationMinutes", 61));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("durationMinutes");
        assertThat(refused.json().get("detail").asText()).contains("longest your groups allow for a new reservation (1 h)");
        // Admins decide for themselves.
        admin.post("/api/v1/reservations", Map.of("imageId", berth.small.id(), "durationMinutes", 120)).expect(201);
    }

    @Test
    void extensionsStayWithinTheExtensionAndTotalLimits() {
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id(), "durationMinutes", 60))
                .expect(201).json().get("id").asLong();
        var tooMuchAtOnce = alice.post("/api/v1/reservations/" + id + "/extend", Map.of("minutes", 25));
        assertThat(tooMuchAtOnce.status()).isEqualTo(400);
        assertThat(tooMuchAtOnce.json().get("detail").asText()).contains("most your groups allow at a time (20 min)");
        alice.post("/api/v1/reservations/" + id + "/extend", Map.of("minutes", 20)).expect(200);
        var tooLongInAll = alice.post("/api/v1/reservations/" + id + "/extend", Map.of("minutes", 20));
        assertThat(tooLongInAll.status()).isEqualTo(400);
        assertThat(tooLongInAll.json().get("detail").asText()).contains("longest your groups allow in all (1 h 30 min)");
    }

    @Test
    void theMostGenerousGroupWinsAndAGroupWithoutALimitLiftsIt() {
        long staff = admin.post("/api/v1/groups", Map.of("name", "staff", "limits", Map.of("initialMaxMinutes", 180)))
                .expect(201).json().get("id").asLong();
        admin.put("/api/v1/groups/" + staff + "/members/" + berth.bob.id(), Map.of()).expect(204);
        Api bob = berth.login("bob");
        bob.post("/api/v1/reservations", Map.of("imageId", berth.small.id(), "durationMinutes", 180)).expect(201);
        assertThat(bob.post("/api/v1/reservations", Map.of("imageId", berth.small.id(), "durationMinutes", 181)).status()).isEqualTo(400);
        admin.patch("/api/v1/groups/" + staff, Map.of("limits", Map.of())).expect(200);
        bob.post("/api/v1/reservations", Map.of("imageId", berth.small.id(), "durationMinutes", 240)).expect(201);
        admin.delete("/api/v1/groups/" + staff).expect(204);
    }

    @Test
    void ownerAndManagingGroupAreCheckedRecordedAndClearable() {
        long lab = admin.post("/api/v1/groups", Map.of("name", "lab-owned", "ownerId", berth.admin.id(), "managingGroupId", students))
                .expect(201).json().get("id").asLong();
        JsonNode g = admin.get("/api/v1/groups/" + lab).expect(200).json();
        assertThat(g.get("ownerId").asLong()).isEqualTo(berth.admin.id());
        assertThat(g.get("managingGroupId").asLong()).isEqualTo(students);
        assertThat(g.at("/limits/initialMaxMinutes").isNull()).isTrue();
        var badOwner = admin.patch("/api/v1/groups/" + lab, Map.of("ownerId", 999999));
        assertThat(badOwner.status()).isEqualTo(400);
        assertThat(badOwner.json().get("field").asText()).isEqualTo("ownerId");
        assertThat(admin.patch("/api/v1/groups/" + lab, Map.of("limits", Map.of("initialMaxMinutes", 0))).json().get("field").asText())
                .isEqualTo("limits.initialMaxMinutes");
        JsonNode cleared = admin.patch("/api/v1/groups/" + lab, Map.of("ownerId", 0)).expect(200).json();
        assertThat(cleared.get("ownerId").isNull()).isTrue();
        assertThat(cleared.get("managingGroupId").asLong()).isEqualTo(students);
    }

    @Test
    void aGroupHoldingABlockAllocationCannotBeDeletedUntilTheBlockEnds() {
        long lab = admin.post("/api/v1/groups", Map.of("name", "lab-block")).expect(201).json().get("id").asLong();
        Instant start = Instant.now().plus(Duration.ofHours(6));
        var block = berth.server.core().blocks().create(berth.admin, berth.small.id(), lab,
                new TimeWindow(start, start.plus(Duration.ofHours(1))), 1);
        var round = berth.server.core().blocks().process(berth.admin, block.id(), true);
        assertThat(round.admitted()).hasSize(1);
        var refused = admin.delete("/api/v1/groups/" + lab);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("block allocation " + block.id());
    }
}

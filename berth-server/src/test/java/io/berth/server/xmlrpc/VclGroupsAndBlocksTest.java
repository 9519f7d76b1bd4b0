package io.berth.server.xmlrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.PythonClient;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * User groups and block allocations driven by an admin's VCL client. The lab has room for 8 "small" machines
 * (2 hosts of 8 VCPU, 2 VCPU each), so a block of 20 gets 5 after one of 3.
 */
class VclGroupsAndBlocksTest {
    static TestBerth berth;
    static JsonNode out;

    @BeforeAll
    static void run() {
        berth = TestBerth.start();
        out = PythonClient.run("xmlrpc/groups_and_blocks.py", Map.of("BERTH_URL", berth.server.baseUri().toString(),
                "ADMIN_USER", "admin", "ADMIN_PASS", TestBerth.PASSWORD, "VCL_USER", "alice", "VCL_PASS", TestBerth.PASSWORD,
                "IMAGE_NAME", "small"));
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    static void status(String key, String status) {
        assertThat(out.at("/" + key + "/status").asText()).as(key + ": " + out.get(key)).isEqualTo(status);
    }

    static void error(String key, int code) {
        status(key, "error");
        assertThat(out.at("/" + key + "/errorcode").asInt()).as(key + ": " + out.get(key)).isEqualTo(code);
    }

    @Test
    void addingAGroupValidatesLikeVcl() {
        status("add", "success");
        error("addAgain", 27);
        error("addBadName", 19);
        error("addBadTime", 21);
        error("addBadOwner", 20);
        error("addBadManager", 25);
    }

    @Test
    void attributesAreRecordedAndEditable() {
        JsonNode a = out.get("attributes");
        assertThat(a.get("owner").asText()).isEqualTo("admin@Local");
        assertThat(a.get("managingGroup").asText()).isEqualTo("students@Local");
        assertThat(a.get("initialMaxTime").asText()).isEqualTo("120");
        assertThat(a.get("totalMaxTime").asText()).isEqualTo("240");
        assertThat(a.get("maxExtendTime").asText()).isEqualTo("30");
        error("unknownGroup", 18);
        error("unknownAffiliation", 17);
        status("edit", "success");
        error("editNothing", 33);
        assertThat(out.at("/attributesAfterEdit/initialMaxTime").asText()).isEqualTo("90");

        JsonNode group = find(berth.adminApi().get("/api/v1/groups").expect(200).json(), "lab-101b");
        assertThat(group.at("/limits/initialMaxMinutes").asLong()).isEqualTo(90);
        assertThat(group.at("/limits/totalMaxMinutes").asLong()).isEqualTo(240);
        assertThat(group.at("/limits/maxExtendMinutes").asLong()).isEqualTo(30);
        assertThat(group.get("ownerId").asLong()).isEqualTo(berth.admin.id());
    }

    @Test
    void membersAreAddedAndRemovedWithWarningsForUnknownUsers() {
        status("addUsers", "warning");
        assertThat(out.at("/addUsers/warningcode").asInt()).isEqualTo(34);
        assertThat(texts(out.at("/addUsers/failedusers"))).containsExactly("ghost@Local");
        assertThat(texts(out.at("/members/members"))).containsExactly("alice@Local", "bob@Local");
        assertThat(out.at("/removeUsers/warningcode").asInt()).isEqualTo(36);
        assertThat(texts(out.at("/membersAfterRemove/members"))).containsExactly("alice@Local");
        List<String> names = new ArrayList<>();
        out.at("/groups/groups").forEach(g -> names.add(g.get("name").asText()));
        assertThat(names).contains("students", "lab-101b");
        assertThat(out.at("/courseRolls/groups")).isEmpty();
    }

    @Test
    void theMostGenerousGroupLimitApplies() {
        status("limitStudents", "success");
        error("aliceOverInitialLimit", 6);
        assertThat(out.at("/aliceOverInitialLimit/errormsg").asText()).isEqualTo("max allowed initial length is 100 minutes");
    }

    @Test
    void blockAllocationsHoldRealCapacityForTheGroupsMembers() {
        status("block", "success");
        assertThat(out.at("/block/allocated").asInt()).isEqualTo(3);
        assertThat(out.at("/block/unallocated").asInt()).isZero();
        assertThat(out.at("/block/blockTimesid").isInt()).isTrue();
        status("processAgain", "completed");
        status("tooMany", "success");
        assertThat(out.at("/tooMany/allocated").asInt()).isEqualTo(5);
        assertThat(out.at("/tooMany/unallocated").asInt()).isEqualTo(15);
        error("badStartFormat", 4);
        error("badGroup", 67);
        error("badSeats", 64);
        error("unknownBlock", 8);
        JsonNode requests = out.at("/aliceRequests/requests");
        assertThat(requests).hasSize(8);
        requests.forEach(r -> assertThat(r.get("state").asText()).isEqualTo("new"));
        Api alice = berth.login("alice");
        assertThat(alice.get("/api/v1/reservations?state=FUTURE").expect(200).json()).hasSize(8);
    }

    @Test
    void aGroupInUseStaysAndAnUnusedOneGoes() {
        error("removeInUse", 72);
        status("addSpare", "success");
        status("removeSpare", "success");
        error("removeGone", 18);
    }

    static List<String> texts(JsonNode array) {
        List<String> t = new ArrayList<>();
        array.forEach(n -> t.add(n.asText()));
        return t;
    }

    static JsonNode find(JsonNode groups, String name) {
        for (JsonNode g : groups) if (g.get("name").asText().equals(name)) return g;
        throw new AssertionError("no group " + name);
    }
}

package io.berth.server.xmlrpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.PythonClient;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unchanged VCL 2.x client (Python's xmlrpc.client, API version 2 headers) reserves, waits, connects, extends,
 * sets the end and ends an environment on Berth, and books one for later; what it saw is checked here, and what
 * Berth recorded is checked over REST.
 */
class VclLifecycleTest {
    static TestBerth berth;
    static JsonNode out;

    @BeforeAll
    static void run() {
        // Boots take long enough for the client to see "loading" first.
        berth = TestBerth.start(TestBerth.Options.defaults().withBootTime(Duration.ofMillis(1500)));
        out = PythonClient.run("xmlrpc/lifecycle.py", Map.of("BERTH_URL", berth.server.baseUri().toString(),
                "VCL_USER", "alice", "VCL_PASS", TestBerth.PASSWORD, "IMAGE_NAME", "small",
                "NOW", Long.toString(Instant.now().getEpochSecond())));
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @Test
    void affiliationsTestAndImages() {
        assertThat(out.at("/affiliations/result/0/id").asInt()).isEqualTo(1);
        assertThat(out.at("/affiliations/result/0/name").asText()).isEqualTo("Local");
        assertThat(out.at("/test/status").asText()).isEqualTo("success");
        assertThat(out.at("/test/message").asText()).isEqualTo("RPC call worked successfully");
        assertThat(out.at("/test/string").asText()).isEqualTo("hello from python");
        List<String> names = new ArrayList<>();
        out.get("images").forEach(i -> names.add(i.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("small", "large", "busy", "idle");
        JsonNode small = find(out.get("images"), "name", "small");
        assertThat(small.get("id").isInt()).isTrue();
        assertThat(small.get("ostype").asText()).isEqualTo("linux");
        assertThat(small.has("description")).isTrue();
        assertThat(small.has("usage")).isTrue();
    }

    @Test
    void addRequestThenLoadingThenReady() {
        assertThat(out.at("/add/status").asText()).isEqualTo("success");
        assertThat(out.at("/add/requestid").isInt()).isTrue();
        JsonNode statuses = out.get("statuses");
        assertThat(statuses.get(0).get("status").asText()).isEqualTo("loading");
        assertThat(statuses.get(0).get("time").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(statuses.get(statuses.size() - 1).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void connectDataAcknowledgesAndRecordsTheClientAddress() {
        JsonNode c = out.get("connect");
        assertThat(c.get("status").asText()).isEqualTo("ready");
        assertThat(c.get("serverIP").asText()).isNotBlank();
        assertThat(c.get("user").asText()).isEqualTo("alice");
        assertThat(c.get("password").asText()).isNotBlank();
        assertThat(c.get("connectport").asText()).isEqualTo("22");
        JsonNode method = c.get("connectMethods").get("1");
        assertThat(method.get("connectports").get(0).asText()).isEqualTo("TCP:22:22");
        assertThat(method.get("connecttext").asText()).contains(c.get("serverIP").asText());

        JsonNode mine = find(out.at("/idsWhileInUse/requests"), "requestid", out.at("/add/requestid").asText());
        assertThat(mine.get("state").asText()).isEqualTo("inuse");
        assertThat(mine.get("imagename").asText()).isEqualTo("small");
        assertThat(mine.get("requestid").isTextual()).as("VCL returns ids read from its database as strings").isTrue();
        assertThat(mine.get("start").isInt()).isTrue();

        Api alice = berth.login("alice");
        long id = out.at("/add/requestid").asLong();
        JsonNode acknowledged = find(alice.get("/api/v1/reservations/" + id + "/events").expect(200).json(), "type", "Acknowledged");
        assertThat(acknowledged.at("/data/via").asText()).isEqualTo("xmlrpc");
        assertThat(acknowledged.at("/data/clientAddress").asText()).isEqualTo("192.0.2.10");
    }

    @Test
    void extendAndSetEndingMoveTheEndBySlots() {
        assertThat(out.at("/extend/status").asText()).isEqualTo("success");
        assertThat(out.get("endMovedBy").asLong()).isEqualTo(30 * 60);
        assertThat(out.at("/setEnding/status").asText()).isEqualTo("success");
        assertThat(out.get("endMovedBySet").asLong()).isEqualTo(15 * 60);
        assertThat(out.get("endSlotAligned").asBoolean()).isTrue();
    }

    @Test
    void endRequestEndsItAndItIsThenUnknown() {
        assertThat(out.at("/end/status").asText()).isEqualTo("success");
        assertThat(out.at("/statusAfterEnd/status").asText()).isEqualTo("error");
        assertThat(out.at("/statusAfterEnd/errorcode").asInt()).isEqualTo(1);
        assertThat(out.at("/statusAfterEnd/errormsg").asText()).isEqualTo("unknown requestid");
        List<String> ids = new ArrayList<>();
        out.get("idsAfterEnd").forEach(n -> ids.add(n.asText()));
        assertThat(ids).doesNotContain(out.at("/add/requestid").asText());
        String state = berth.login("alice").state(out.at("/add/requestid").asLong());
        assertThat(state).isIn("ENDING", "CLOSED");
    }

    @Test
    void anAdvanceRequestIsFutureCannotBeExtendedYetAndEndsAtOnce() {
        assertThat(out.at("/future/status").asText()).isEqualTo("success");
        assertThat(out.at("/futureStatus/status").asText()).isEqualTo("future");
        assertThat(out.at("/futureExtend/errorcode").asInt()).isEqualTo(38);
        assertThat(out.at("/futureEnd/status").asText()).isEqualTo("success");
        long id = out.at("/future/requestid").asLong();
        Api alice = berth.login("alice");
        JsonNode r = alice.get("/api/v1/reservations/" + id).expect(200).json();
        assertThat(r.get("state").asText()).isEqualTo("CLOSED");
        // Rounded like VCL: the start down, the end up, to 15-minute slots.
        assertThat(Instant.parse(r.get("start").asText()).getEpochSecond() % 900).isZero();
        assertThat(Instant.parse(r.get("end").asText()).getEpochSecond() % 900).isZero();
    }

    @Test
    void everyCallIsRecordedForAdmins() {
        JsonNode calls = berth.adminApi().get("/api/v1/api-calls?limit=1000").expect(200).json();
        List<String> methods = new ArrayList<>();
        calls.forEach(c -> methods.add(c.get("method").asText()));
        assertThat(methods).contains("XMLRPCaffiliations", "XMLRPCtest", "XMLRPCaddRequest", "XMLRPCgetRequestStatus",
                "XMLRPCgetRequestConnectData", "XMLRPCextendRequest", "XMLRPCsetRequestEnding", "XMLRPCendRequest");
        JsonNode add = find(calls, "method", "XMLRPCaddRequest");
        assertThat(add.get("login").asText()).isEqualTo("alice@Local");
        assertThat(add.get("userId").asLong()).isEqualTo(berth.alice.id());
        assertThat(add.get("address").asText()).isNotBlank();
        assertThat(add.get("outcome").asText()).isEqualTo("success");
        assertThat(add.get("arguments").asText()).contains("\"now\"").contains("60");
        assertThat(berth.login("alice").get("/api/v1/api-calls").status()).isEqualTo(403);
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.has(field) && n.get(field).asText().equals(value)) return n;
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}

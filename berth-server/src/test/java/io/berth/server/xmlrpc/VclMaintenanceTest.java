package io.berth.server.xmlrpc;

import io.berth.rm.sim.SimSettings;
import io.berth.server.config.BerthConfig;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While an admin's maintenance moves a reservation's instance to another host (a live migration that here takes
 * about 3 s), VCL clients see status "maintenance" and cannot extend (error 103); afterwards it is "ready" again.
 */
class VclMaintenanceTest {
    static TestBerth berth;

    @BeforeAll
    static void start() {
        // 4 GiB at 10 Gbit/s: a migration of a "small" instance takes about 3.3 s.
        berth = TestBerth.start(TestBerth.Options.defaults().withConfig(c -> c.withSim(new BerthConfig.Sim(true, slower(c.sim().settings())))));
    }

    static SimSettings slower(SimSettings s) {
        return new SimSettings(s.bootTime(), s.bootJitter(), s.failureProbability(), s.seed(), s.sampleInterval(), s.defaultProfile(),
                s.imageProfiles(), 10_000);
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    static String call(String method, String... intParams) throws Exception {
        StringBuilder params = new StringBuilder();
        for (String p : intParams) params.append("<param><value>").append(p).append("</value></param>");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(berth.server.baseUri().resolve("/xmlrpc"))
                .header("X-User", "alice@Local").header("X-Pass", TestBerth.PASSWORD).header("X-APIVERSION", "2")
                .POST(HttpRequest.BodyPublishers.ofString("<methodCall><methodName>" + method + "</methodName><params>" + params
                        + "</params></methodCall>")).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    static String member(String response, String name) {
        Matcher m = Pattern.compile("<name>" + name + "</name><value><(?:string|int)>([^<]*)<").matcher(response);
        assertThat(m.find()).as(name + " in " + response).isTrue();
        return m.group(1);
    }

    @Test
    void aMaintenanceMoveIsStatusMaintenanceAndBlocksExtensions() throws Exception {
        String id = member(call("XMLRPCaddRequest", "<int>" + berth.small.id() + "</int>", "now", "<int>60</int>"), "requestid");
        Api alice = berth.login("alice");
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(Long.parseLong(id)).equals("READY"));
        long host = alice.get("/api/v1/reservations/" + id).json().get("hostId").asLong();
        berth.sample();
        berth.adminApi().put("/api/v1/hosts/" + host + "/state", Map.of("state", "MAINTENANCE", "reason", "firmware")).expect(200);

        AtomicReference<String> extendDuringMove = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!member(call("XMLRPCgetRequestStatus", id), "status").equals("maintenance")) return false;
            extendDuringMove.set(call("XMLRPCextendRequest", id, "<int>15</int>"));
            return true;
        });
        assertThat(member(extendDuringMove.get(), "errorcode")).isEqualTo("103");
        assertThat(member(call("XMLRPCgetRequestConnectData", id, "192.0.2.7"), "status")).isIn("notready", "ready");

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> member(call("XMLRPCgetRequestStatus", id), "status").equals("ready"));
        assertThat(alice.get("/api/v1/reservations/" + id).json().get("hostId").asLong()).isNotEqualTo(host);
        assertThat(member(call("XMLRPCextendRequest", id, "<int>15</int>"), "status")).isEqualTo("success");
    }
}

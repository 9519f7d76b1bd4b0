package io.berth.placement.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Pool;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.core.resource.PolicySettingException;
import io.berth.metrics.HostLoad;
import io.berth.placement.PlacementContext;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.policy.PolicySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static io.berth.placement.fixtures.PlacementFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The http policy against a real placement service (server.py in its own python3 process). The pool: h1 busy,
 * h2 coolest of the eligible, h3 the coolest of all but in maintenance, h4 in between.
 */
class RemotePolicyTest {
    static PlacementService service;
    static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final PolicyRegistry registry = PolicyRegistry.withBuiltIns();
    final Map<Long, HostLoad> loads = Map.of(
            1L, load(1, 0.70, 0.80, 9),
            2L, load(2, 0.30, 0.20, 4),
            3L, load(3, 0.05, 0.10, 1),
            4L, load(4, 0.20, 0.40, 6));

    @BeforeAll
    static void startService() throws Exception {
        service = PlacementService.start();
    }

    @AfterAll
    static void stopService() throws Exception {
        service.stop();
    }

    RemotePolicyTest() {
        RemotePolicy.register(registry, client);
    }

    PlacementDecision place(Map<String, String> settings) {
        // A generous time-out unless the test is about time-outs: a busy machine must not turn "answered" into "fell back".
        Map<String, String> effective = new java.util.HashMap<>(settings);
        effective.putIfAbsent("timeout-ms", "5000");
        Pool pool = pool(RemotePolicy.NAME, effective);
        var hosts = List.of(candidate(pool, host(1, HostState.AVAILABLE)), candidate(pool, host(2, HostState.AVAILABLE)),
                candidate(pool, host(3, HostState.MAINTENANCE)), candidate(pool, host(4, HostState.AVAILABLE)));
        PlacementContext context = context(pool, request(hosts, null), loads);
        return registry.controllerFor(pool).place(context);
    }

    static Candidate explained(PlacementExplanation e, long hostId) {
        return e.candidates().stream().filter(c -> c.hostId() == hostId).findFirst().orElseThrow();
    }

    @Test
    void theServiceRanksAndBerthPlacesOnItsFirstChoiceAndExplainsIt() throws Exception {
        String url = service.url("/good");
        PlacementDecision d = place(Map.of("url", url));

        assertThat(d).isInstanceOf(PlacementDecision.Chosen.class);
        PlacementExplanation e = d.explanation();
        assertThat(e.pickedHostId()).isEqualTo(2);
        assertThat(e.controller()).isEqualTo("http");
        assertThat(e.summary()).startsWith("picked h2, the placement service's first eligible choice (score 0.800)")
                .contains("among 3 eligible of 4 host(s)");
        assertThat(e.notes()).containsEntry("remote", url).containsEntry("note", "coolest first, by cpuP95")
                .containsEntry("ranking", "h2,h4,h1").containsEntry("rejected.host-state", "1").doesNotContainKey("fallback");
        Candidate h2 = explained(e, 2);
        assertThat(h2.scores()).containsExactly(Map.entry("remote", 0.8));
        assertThat(h2.reason()).isEqualTo("cpuP95 0.20");
        assertThat(h2.metrics()).containsEntry("cpuP95", 0.20).containsEntry("cpu", 0.30);
        assertThat(h2.metricsAgeSeconds()).isEqualTo(5.0);
        assertThat(explained(e, 3).rejectedBy()).isEqualTo("host-state");

        JsonNode sent = service.last();
        assertThat(sent.at("/headers/content-type").asText()).isEqualTo("application/json");
        assertThat(sent.at("/headers/berth-protocol-version").asText()).isEqualTo("1");
        JsonNode body = sent.get("body");
        assertThat(body.get("protocolVersion").asInt()).isEqualTo(1);
        assertThat(body.get("reservationId").asLong()).isEqualTo(42);
        assertThat(ids(body.get("candidates"))).as("only hosts that passed the hard filters").containsExactly(1L, 2L, 4L);
        assertThat(body.get("rejected")).isEmpty();
        assertThat(body.at("/candidates/1/load/cpuP95").asDouble()).isEqualTo(0.20);
        assertThat(body.at("/candidates/1/load/vmCount").asInt()).isEqualTo(4);
        assertThat(body.at("/candidates/1/free/VCPU").asLong()).isEqualTo(16);
        assertThat(body.at("/image/minimum/MEMORY_MB").asLong()).isEqualTo(2048);
        assertThat(body.at("/pool/settings/url").asText()).isEqualTo(url);
    }

    @Test
    void aRankedHostTheHardFiltersRejectedIsIgnoredAndNoted() throws Exception {
        // With send-rejected the service sees h3 (in maintenance, but the coolest) and ranks it first.
        PlacementDecision d = place(Map.of("url", service.url("/good"), "send-rejected", "true"));

        assertThat(d.explanation().pickedHostId()).isEqualTo(2);
        assertThat(d.explanation().notes()).containsEntry("ignored", "h3 (rejected by host-state)").containsEntry("ranking", "h3,h2,h4,h1");
        assertThat(d.explanation().summary()).contains("ignored 1 ranked host(s) that are not eligible");
        JsonNode body = service.last().get("body");
        assertThat(ids(body.get("candidates"))).containsExactly(1L, 2L, 3L, 4L);
        assertThat(body.at("/rejected/0/hostId").asLong()).isEqualTo(3);
        assertThat(body.at("/rejected/0/filter").asText()).isEqualTo("host-state");
        assertThat(body.at("/rejected/0/reason").asText()).isEqualTo("host is MAINTENANCE");
    }

    @Test
    void hostsThatAreNotCandidatesAreIgnoredToo() {
        PlacementDecision d = place(Map.of("url", service.url("/fixed?ids=9001,3,4,1")));

        assertThat(d.explanation().pickedHostId()).isEqualTo(4);
        assertThat(d.explanation().notes().get("ignored")).isEqualTo("host 9001 (not a candidate in pool lab); h3 (rejected by host-state)");
        assertThat(explained(d.explanation(), 4).reason()).isEqualTo("fixed");
        assertThat(explained(d.explanation(), 2).scores()).as("not ranked: no remote score").isEmpty();
    }

    @ParameterizedTest(name = "{0} → fallback: {1}")
    @CsvSource(delimiter = '|', value = {
            "/error          | HTTP 500: placement service exploded",
            "/garbage        | malformed JSON: ",
            "/wrong-schema   | the response does not follow the protocol: \"ranking\" is missing or not an array",
            "/empty          | the ranking is empty",
            "/fixed?ids=9001,3 | no eligible host in the ranking (ignored: host 9001 (not a candidate in pool lab); h3 (rejected by host-state))",
    })
    void aServiceThatGivesNoUsableAnswerHandsTheDecisionToTheFallback(String path, String reason) {
        PlacementDecision d = place(Map.of("url", service.url(path)));

        assertFellBack(d, "least-loaded", reason);
        assertThat(d.explanation().pickedHostId()).as("least-loaded: lowest CPU among the eligible").isEqualTo(4);
    }

    /**
     * The service closes the connection without answering (as a kept-alive connection it had closed meanwhile looks to
     * the client): asking for a ranking changes nothing, so Berth asks once more and places on the answer.
     */
    @Test
    void aConnectionThatBrokeBeforeAnyAnswerIsTriedOnceMore() {
        PlacementDecision d = place(Map.of("url", service.url("/drop?key=" + java.util.UUID.randomUUID())));

        assertThat(d.explanation().notes()).doesNotContainKey("fallback");
        assertThat(d.explanation().pickedHostId()).as("the service's first choice, as for /good").isEqualTo(2);
    }

    @Test
    void aConnectionThatBreaksTwiceHandsTheDecisionToTheFallback() {
        PlacementDecision d = place(Map.of("url", service.url("/drop?times=2&key=" + java.util.UUID.randomUUID())));

        assertFellBack(d, "least-loaded", "request failed: ");
    }

    @Test
    void aServiceThatIsDownHandsTheDecisionToTheFallback() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        PlacementDecision d = place(Map.of("url", "http://127.0.0.1:" + closed + "/place", "fallback", "round-robin"));

        assertFellBack(d, "round-robin", "cannot connect to http://127.0.0.1:" + closed + "/place");
        assertThat(d.explanation().pickedHostId()).isEqualTo(1);
    }

    @Test
    void aSlowServiceIsGivenUpOnAfterTheTimeout() {
        long start = System.nanoTime();
        PlacementDecision d = place(Map.of("url", service.url("/slow?ms=4000"), "timeout-ms", "300"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertFellBack(d, "least-loaded", "timed out after 300 ms");
        assertThat(elapsedMs).as("the service answers after 4 s; the decision must not wait for it").isLessThan(300 + 2_000);
    }

    @Test
    void whenNoHostPassesTheFiltersTheServiceIsNotAsked() {
        Pool pool = pool(RemotePolicy.NAME, Map.of("url", service.url("/good")));
        var hosts = List.of(candidate(pool, host(3, HostState.MAINTENANCE)));
        PlacementDecision d = registry.controllerFor(pool).place(context(pool, request(hosts, null), loads));

        assertThat(d).isInstanceOf(PlacementDecision.NoHost.class);
        assertThat(d.explanation().summary()).isEqualTo("no host in pool lab passed the filters; the placement service was not asked");
        assertThat(d.explanation().candidates()).singleElement().extracting(Candidate::rejectedBy).isEqualTo("host-state");
    }

    @Test
    void settingsAreValidatedAndABadOneIsNamed() {
        Map<String, String> ok = Map.of("url", "https://placement.example.org/v1/place");
        registry.check("http", ok);
        registry.check("http", Map.of("url", "http://10.0.0.5:8080/p", "timeout-ms", "1500", "fallback", "packing", "send-rejected", "true"));

        assertSetting(Map.of(), "url", "url is required");
        assertSetting(Map.of("url", "ftp://example.org/p"), "url", "http:// or https://");
        assertSetting(Map.of("url", "not a url"), "url", "http:// or https://");
        assertSetting(with(ok, "timeout-ms", "5"), "timeout-ms", "between 10.0 and 10000.0");
        assertSetting(with(ok, "fallback", "http"), "fallback", "must be one of");
        assertSetting(with(ok, "fallback", "nope"), "fallback", "must be one of");
        assertSetting(with(ok, "send-rejected", "maybe"), "send-rejected", "must be one of [false, true]");
        assertSetting(with(ok, "urll", "x"), "urll", "unknown setting");
    }

    @Test
    void withoutAUrlEverySettingIsStillDeclaredSoThePolicyListCanShowThem() {
        PolicySettings s = new PolicySettings(Map.of());

        assertThatThrownBy(() -> RemotePolicy.create(pool("http", Map.of()), s, registry, client))
                .isInstanceOfSatisfying(PolicySettingException.class, e -> assertThat(e.setting()).isEqualTo("url"));
        assertThat(s.known()).containsOnlyKeys("url", "timeout-ms", "fallback", "send-rejected", "explain-all-below", "vm-utilisation");
    }

    private void assertSetting(Map<String, String> settings, String setting, String message) {
        assertThatThrownBy(() -> registry.check("http", settings))
                .isInstanceOfSatisfying(PolicySettingException.class, e -> assertThat(e.setting()).isEqualTo(setting))
                .hasMessageContaining(message);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    static void assertFellBack(PlacementDecision d, String fallback, String reason) {
        PlacementExplanation e = d.explanation();
        assertThat(d).isInstanceOf(PlacementDecision.Chosen.class);
        assertThat(e.controller()).isEqualTo("http");
        assertThat(e.notes()).containsEntry("fallback", fallback).containsKey("remote");
        assertThat(e.notes().get("fallbackReason")).startsWith(reason);
        assertThat(e.summary()).startsWith("placement service failed (" + reason).contains("fell back to " + fallback + ": picked");
        assertThat(e.candidates()).as("the fallback's own explanation of every host").hasSize(4);
    }

    static List<Long> ids(JsonNode candidates) {
        List<Long> out = new ArrayList<>();
        StreamSupport.stream(candidates.spliterator(), false).forEach(c -> out.add(c.get("hostId").asLong()));
        return out;
    }
}

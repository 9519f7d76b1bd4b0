package io.berth.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Faults injected into the simulated datacenter: the reservation ends FAILED with its cause, and nothing leaks. */
class FailureTest {
    private TestBerth berth;
    private Api alice;

    @BeforeEach
    void start() {
        berth = TestBerth.start(TestBerth.Options.defaults().withHosts(1));
        alice = berth.login("alice");
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    @Test
    void aFailedProvisioningIsRetriedThenFailsWithItsCauseAndReleasesTheCapacity() {
        berth.sim().setFailureProbability(1.0);
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("FAILED"));
        JsonNode r = alice.get("/api/v1/reservations/" + id).json();
        assertThat(r.get("failureCause").asText()).contains("provisioning failed on host host-1").contains("simulated boot failure");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                alice.get("/api/v1/reservations/" + id + "/events").json().findValuesAsText("type").contains("Reclaimed"));
        JsonNode events = alice.get("/api/v1/reservations/" + id + "/events").json();
        assertThat(events.findValuesAsText("type")).contains("ProvisioningRetried", "Failed", "Reclaimed");
        assertThat(berth.sim().instances()).isEmpty();

        // The whole host is free again: the same large image fits at once.
        berth.sim().setFailureProbability(0.0);
        long next = alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(next).equals("READY"));
    }

    @Test
    void aHostGoingDownFailsWhatRunsThereAndTakesNoMorePlacements() {
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("READY"));
        berth.sim().crashHost(berth.hostIds.getFirst(), "power supply failed");
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("FAILED"));
        assertThat(alice.get("/api/v1/reservations/" + id).json().get("failureCause").asText())
                .isEqualTo("host went down: power supply failed");
        assertThat(berth.adminApi().get("/api/v1/hosts/" + berth.hostIds.getFirst()).json().get("state").asText()).isEqualTo("DOWN");

        var refused = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id()));
        assertThat(refused.status()).isEqualTo(409);
        JsonNode rejected = refused.json().get("placement").get("candidates").get(0);
        assertThat(rejected.get("rejectedBy").asText()).isEqualTo("host-state");
        assertThat(rejected.get("reason").asText()).isEqualTo("host is DOWN");
        assertThat(refused.json().get("detail").asText()).contains("no host of this image's pools can ever hold it");

        berth.sim().repairHost(berth.hostIds.getFirst());
        alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201);
    }

    @Test
    void endingDuringProvisioningLeavesNoInstanceBehind() {
        berth.close();
        berth = TestBerth.start(TestBerth.Options.defaults().withHosts(1).withBootTime(Duration.ofMillis(800)));
        alice = berth.login("alice");
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(5)).until(() -> alice.state(id).equals("PROVISIONING"));
        assertThat(alice.post("/api/v1/reservations/" + id + "/end", null).expect(200).json().get("state").asText()).isEqualTo("ENDING");
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("CLOSED"));
        assertThat(berth.sim().instances()).isEmpty();
    }
}

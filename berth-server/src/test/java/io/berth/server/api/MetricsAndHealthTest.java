package io.berth.server.api;

import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MetricsAndHealthTest {
    static TestBerth berth;

    @BeforeAll
    static void start() {
        berth = TestBerth.start();
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @Test
    void healthAndReadinessAnswerWithoutCredentials() {
        assertThat(berth.anonymous().get("/health").expect(200).json().get("status").asText()).isEqualTo("UP");
        var ready = berth.anonymous().get("/ready").expect(200).json();
        assertThat(ready.get("status").asText()).isEqualTo("READY");
        assertThat(ready.get("store").get("kind").asText()).isEqualTo("h2");
    }

    @Test
    void prometheusMetricsCountReservationsAndTimePlacementProvisioningAndTheApi() {
        Api alice = berth.login("alice");
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.get("/api/v1/reservations/" + id).json().get("state").asText().equals("READY"));
        String text = berth.anonymous().get("/metrics").expect(200).body();
        assertThat(text).contains("berth_reservations{state=\"READY\"} 1.0");
        assertThat(text).containsPattern("berth_placement_seconds_count\\{outcome=\"placed\",resource_type=\"sim\"} [1-9]");
        assertThat(text).containsPattern("berth_provisioning_seconds_count\\{outcome=\"ready\",resource_type=\"sim\"} 1");
        assertThat(text).containsPattern("berth_http_requests_seconds_count\\{method=\"POST\",route=\"/api/v1/reservations\",status=\"201\"} 1");
        assertThat(text).contains("berth_http_requests_seconds_bucket");
    }
}

package io.berth.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A user's whole walk through a reservation, over HTTP, on both stores. */
class ReservationLifecycleTest {
    private TestBerth berth;

    @AfterEach
    void stop() {
        if (berth != null) berth.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void reserveNowConnectExtendEndAndReadTheHistory(String db) {
        berth = TestBerth.start(TestBerth.Options.defaults().withDb(db));
        Api alice = berth.login("alice");

        JsonNode images = alice.get("/api/v1/images").expect(200).json();
        List<String> names = new ArrayList<>();
        images.forEach(i -> names.add(i.get("name").asText()));
        assertThat(names).containsExactlyInAnyOrder("small", "large", "busy", "idle");

        var created = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id(), "durationMinutes", 60)).expect(201);
        JsonNode r = created.json();
        long id = r.get("id").asLong();
        assertThat(created.location()).isEqualTo("/api/v1/reservations/" + id);
        assertThat(r.get("state").asText()).isEqualTo("PLACED");
        assertThat(r.get("hostName").asText()).isIn("host-1", "host-2");

        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("READY"));

        JsonNode connection = alice.get("/api/v1/reservations/" + id + "/connection").expect(200).json();
        assertThat(connection.get("address").asText()).matches("10\\.77\\.\\d+\\.\\d+");
        assertThat(connection.get("user").asText()).isEqualTo("alice");
        assertThat(connection.get("password").asText()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(connection.get("endpoints").get(0).get("port").asInt()).isEqualTo(22);

        assertThat(alice.post("/api/v1/reservations/" + id + "/acknowledge", Map.of("via", "ssh")).expect(200)
                .json().get("state").asText()).isEqualTo("IN_USE");

        Instant oldEnd = Instant.parse(r.get("end").asText());
        JsonNode extended = alice.post("/api/v1/reservations/" + id + "/extend", Map.of("minutes", 30)).expect(200).json();
        assertThat(Instant.parse(extended.get("end").asText())).isEqualTo(oldEnd.plus(Duration.ofMinutes(30)));

        alice.post("/api/v1/reservations/" + id + "/end", null).expect(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("CLOSED"));
        assertThat(berth.sim().instances()).isEmpty();

        JsonNode events = alice.get("/api/v1/reservations/" + id + "/events").expect(200).json();
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("Requested", "Placed", "ProvisioningStarted", "Ready", "Acknowledged", "Extended",
                "EndRequested", "Reclaimed", "Closed");
        List<Long> sequences = new ArrayList<>();
        List<Integer> ordinals = new ArrayList<>();
        events.forEach(e -> {
            sequences.add(e.get("sequence").asLong());
            ordinals.add(e.get("reservationSeq").asInt());
        });
        assertThat(sequences).isSorted().doesNotHaveDuplicates();
        assertThat(ordinals).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);

        JsonNode placed = events.get(1);
        assertThat(placed.get("state").asText()).isEqualTo("PLACED");
        JsonNode why = placed.get("data").get("explanation");
        assertThat(why.get("controller").asText()).isEqualTo("round-robin");
        assertThat(why.get("candidates")).hasSize(2);
        assertThat(why.get("pickedHostId").asLong()).isEqualTo(placed.get("data").get("hostId").asLong());
        assertThat(why.get("summary").asText()).contains("round-robin");

        JsonNode placement = alice.get("/api/v1/reservations/" + id + "/placement").expect(200).json();
        assertThat(placement.get("type").asText()).isEqualTo("Placed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void roundRobinTakesHostsInTurn(String db) {
        berth = TestBerth.start(TestBerth.Options.defaults().withDb(db).withHosts(3));
        Api alice = berth.login("alice");
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            hosts.add(alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("hostName").asText());
        }
        assertThat(hosts).containsExactly("host-1", "host-2", "host-3", "host-1", "host-2", "host-3");
    }

}

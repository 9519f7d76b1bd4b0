package io.berth.server.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Reservations for later windows, driven by a clock the test moves. One host of 8 VCPU; "large" takes all of it. */
class AdvanceReservationTest {
    private TestBerth berth;
    private Api alice;
    private Instant now;

    @BeforeEach
    void start() {
        berth = TestBerth.start(TestBerth.Options.defaults().withHosts(1).withMutableClock());
        alice = berth.login("alice");
        now = berth.clock.instant();
    }

    @AfterEach
    void stop() {
        berth.close();
    }

    @Test
    void aFutureReservationIsProvisionedAheadOfItsStartAndReclaimedAtItsEnd() {
        Instant start = now.plus(Duration.ofHours(2));
        JsonNode r = alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id(), "start", start.toString(),
                "end", start.plus(Duration.ofHours(1)).toString())).expect(201).json();
        long id = r.get("id").asLong();
        assertThat(r.get("state").asText()).isEqualTo("FUTURE");
        assertThat(r.get("hostName").asText()).isEqualTo("host-1");

        berth.clock.set(start.minus(Duration.ofMinutes(6)));   // before the 5-minute lead time: nothing happens
        berth.server.core().driver().sweep();
        assertThat(alice.state(id)).isEqualTo("FUTURE");

        berth.clock.set(start.minus(Duration.ofMinutes(5)));   // lead time reached: placed and provisioned
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("READY"));
        alice.post("/api/v1/reservations/" + id + "/acknowledge", null).expect(200);

        berth.clock.set(start.plus(Duration.ofHours(1)));      // window over: ended and reclaimed
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("CLOSED"));
        assertThat(berth.sim().instances()).isEmpty();
        JsonNode events = alice.get("/api/v1/reservations/" + id + "/events").expect(200).json();
        assertThat(events.get(1).get("type").asText()).isEqualTo("AdmittedForFuture");
        assertThat(events.findValuesAsText("reason")).contains("window ended");
    }

    @Test
    void aWindowWithoutCapacityIsRefusedWithTheEarliestWindowThatFits() {
        Instant start = now.plus(Duration.ofHours(3));
        alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id(), "start", start.toString(),
                "end", start.plus(Duration.ofHours(2)).toString())).expect(201);
        long before = count();

        // Overlaps the last hour of the first one.
        Instant second = start.plus(Duration.ofHours(1));
        var refused = alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id(), "start", second.toString(),
                "end", second.plus(Duration.ofHours(1)).toString()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asText()).isEqualTo("urn:berth:problem:not-available");
        // It fits once the first ends (plus the 5-minute provisioning lead time before it starts).
        Instant earliest = Instant.parse(problem.get("earliestAvailable").get("start").asText());
        assertThat(earliest).isEqualTo(start.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(5)));
        assertThat(Duration.between(earliest, Instant.parse(problem.get("earliestAvailable").get("end").asText())))
                .isEqualTo(Duration.ofHours(1));
        assertThat(problem.get("placement").get("candidates").get(0).get("rejectedBy").asText()).isEqualTo("capacity");
        assertThat(count()).as("a refusal writes nothing").isEqualTo(before);

        // The suggestion is honest: asking for it succeeds.
        alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id(), "start", earliest.toString(),
                "end", earliest.plus(Duration.ofHours(1)).toString())).expect(201);
    }

    @Test
    void anExtensionThatWouldRunIntoTheNextBookingIsRefused() {
        Instant start = now.plus(Duration.ofHours(1));
        long first = alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id(), "start", start.toString(),
                "end", start.plus(Duration.ofHours(1)).toString())).expect(201).json().get("id").asLong();
        Instant next = start.plus(Duration.ofHours(2));
        alice.post("/api/v1/reservations", Map.of("imageId", berth.large.id(), "start", next.toString(),
                "end", next.plus(Duration.ofHours(1)).toString())).expect(201);

        alice.post("/api/v1/reservations/" + first + "/extend", Map.of("minutes", 30)).expect(200);
        var refused = alice.post("/api/v1/reservations/" + first + "/extend", Map.of("minutes", 60));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("host-1");
        assertThat(Instant.parse(alice.get("/api/v1/reservations/" + first).json().get("end").asText()))
                .isEqualTo(start.plus(Duration.ofMinutes(90)));
    }

    @Test
    void cancellingAFutureReservationFreesItsSlotAtOnce() {
        Instant start = now.plus(Duration.ofHours(1));
        Map<String, Object> body = Map.of("imageId", berth.large.id(), "start", start.toString(), "end", start.plus(Duration.ofHours(1)).toString());
        long id = alice.post("/api/v1/reservations", body).expect(201).json().get("id").asLong();
        assertThat(alice.post("/api/v1/reservations", body).status()).isEqualTo(409);
        assertThat(alice.post("/api/v1/reservations/" + id + "/end", null).expect(200).json().get("state").asText()).isEqualTo("CLOSED");
        alice.post("/api/v1/reservations", body).expect(201);
    }

    @Test
    void aReadyReservationNobodyUsesTimesOutAndIsReclaimed() {
        long id = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("READY"));
        berth.clock.advance(Duration.ofMinutes(14));
        berth.server.core().driver().sweep();
        assertThat(alice.state(id)).isEqualTo("READY");
        berth.clock.advance(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.state(id).equals("TIMED_OUT"));
        await().atMost(Duration.ofSeconds(10)).until(() -> berth.sim().instances().isEmpty());
        JsonNode r = alice.get("/api/v1/reservations/" + id).json();
        assertThat(r.get("failureCause").asText()).contains("not used within 15 min");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                alice.get("/api/v1/reservations/" + id + "/events").json().findValuesAsText("type").contains("Reclaimed"));
    }

    private long count() {
        return berth.server.store().inTransaction(tx -> tx.reservations().query(io.berth.core.store.ReservationQuery.all())).size();
    }
}

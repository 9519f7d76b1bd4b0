package io.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.core.store.ReservationQuery;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get an RFC 9457 problem naming the field, and leave nothing behind. */
class BadInputTest {
    static TestBerth berth;
    static Api alice;
    static long reservationsBefore;
    static long eventsBefore;

    @BeforeAll
    static void start() {
        berth = TestBerth.start();
        alice = berth.login("alice");
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(reservations()).isEqualTo(reservationsBefore);
        assertThat(lastSequence()).isEqualTo(eventsBefore);
        int held = berth.server.store().inTransaction(tx -> tx.allocations().countActiveOnHost(berth.hostIds.getFirst(), Instant.now()));
        assertThat(held).isZero();
    }

    static long lastSequence() {
        return berth.server.store().inTransaction(tx -> tx.events().lastSequence());
    }

    static long reservations() {
        return berth.server.store().inTransaction(tx -> tx.reservations().query(ReservationQuery.all())).size();
    }

    static Stream<Arguments> badReservations() {
        String later = Instant.now().plus(Duration.ofDays(2)).toString();
        String laterStill = Instant.now().plus(Duration.ofDays(2)).plus(Duration.ofHours(1)).toString();
        return Stream.of(
                Arguments.of("unknown image", "{\"imageId\": 999}", 400, "imageId", "no image 999"),
                Arguments.of("no image", "{}", 400, "imageId", "required"),
                Arguments.of("image id of the wrong type", "{\"imageId\": \"abc\"}", 400, "imageId", "whole number"),
                Arguments.of("start in the past", "{\"imageId\": 1, \"start\": \"2020-01-01T00:00:00Z\", \"durationMinutes\": 60}", 400, "start", "in the past"),
                Arguments.of("end before start", "{\"imageId\": 1, \"start\": \"" + laterStill + "\", \"end\": \"" + later + "\"}", 400, "end", "must be after the start"),
                Arguments.of("longer than the image allows", "{\"imageId\": 1, \"durationMinutes\": 600}", 400, "durationMinutes", "over the maximum of 8 h"),
                Arguments.of("end and duration", "{\"imageId\": 1, \"end\": \"" + later + "\", \"durationMinutes\": 60}", 400, "durationMinutes", "not both"),
                Arguments.of("negative duration", "{\"imageId\": 1, \"durationMinutes\": -5}", 400, "durationMinutes", "positive"),
                Arguments.of("not a date", "{\"imageId\": 1, \"start\": \"tomorrow\"}", 400, "start", "ISO-8601"),
                Arguments.of("unknown field", "{\"imageId\": 1, \"image\": 2}", 400, "image", "unknown field"),
                Arguments.of("malformed JSON", "{\"imageId\": 1,", 400, null, "malformed JSON"),
                Arguments.of("not an object", "[1, 2]", 400, null, "must be an object"),
                Arguments.of("trailing garbage", "{\"imageId\": 1} xyz", 400, null, "JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badReservations")
    void aBadReservationRequestIsAProblemNamingTheField(String why, String body, int status, String field, String detail) {
        reservationsBefore = reservations();
        eventsBefore = lastSequence();
        var answer = alice.send("POST", "/api/v1/reservations", body.replace("\"imageId\": 1", "\"imageId\": " + berth.small.id()), "application/json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asText()).startsWith("urn:berth:problem:");
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("instance").asText()).isEqualTo("/api/v1/reservations");
        assertThat(problem.get("detail").asText()).contains(detail);
        if (field == null) assertThat(problem.has("field")).isFalse();
        else assertThat(problem.get("field").asText()).isEqualTo(field);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        reservationsBefore = reservations();
        eventsBefore = lastSequence();
        var answer = alice.send("POST", "/api/v1/reservations", "imageId=1", "application/x-www-form-urlencoded");
        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().get("detail").asText()).contains("application/json");
    }

    @Test
    void aBadPathIdOrQueryIsNamed() {
        reservationsBefore = reservations();
        eventsBefore = lastSequence();
        JsonNode p = alice.get("/api/v1/reservations/abc").json();
        assertThat(p.get("status").asInt()).isEqualTo(400);
        assertThat(p.get("field").asText()).isEqualTo("reservationId");
        JsonNode q = alice.get("/api/v1/reservations?state=DANCING").json();
        assertThat(q.get("field").asText()).isEqualTo("state");
        assertThat(alice.get("/api/v1/reservations?limit=0").json().get("field").asText()).isEqualTo("limit");
        assertThat(alice.get("/api/v1/no-such-thing").status()).isEqualTo(404);
    }

    @Test
    void aHugeBodyIsRefusedWithoutHarm() {
        reservationsBefore = reservations();
        eventsBefore = lastSequence();
        String huge = "{\"imageId\": " + berth.small.id() + ", \"pad\": \"" + "x".repeat(2_000_000) + "\"}";
        var answer = alice.send("POST", "/api/v1/reservations", huge, "application/json");
        assertThat(answer.status()).isIn(400, 413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void illegalTransitionsAreRefusedAsConflicts() {
        long id = alice.post("/api/v1/reservations", java.util.Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        alice.post("/api/v1/reservations/" + id + "/end", null).expect(200);
        org.awaitility.Awaitility.await().until(() -> alice.get("/api/v1/reservations/" + id).json().get("state").asText().equals("CLOSED"));
        var ack = alice.post("/api/v1/reservations/" + id + "/acknowledge", null);
        assertThat(ack.status()).isEqualTo(409);
        var extend = alice.post("/api/v1/reservations/" + id + "/extend", java.util.Map.of("minutes", 10));
        assertThat(extend.status()).isEqualTo(409);
        assertThat(extend.json().get("detail").asText()).contains("CLOSED");
        assertThat(alice.get("/api/v1/reservations/" + id + "/connection").status()).isEqualTo(409);
        // Ending again is harmless.
        assertThat(alice.post("/api/v1/reservations/" + id + "/end", null).expect(200).json().get("state").asText()).isEqualTo("CLOSED");
        reservationsBefore = reservations();
        eventsBefore = lastSequence();
    }
}

package io.berth.server.api;

import io.berth.server.http.Access;
import io.berth.server.http.Route;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what, checked for every route of the route table (so a new route cannot skip its check):
 * no token means 401, a user on an admin route 403, and nobody sees or touches another user's reservation.
 */
class AccessControlTest {
    static TestBerth berth;
    static Api alice;
    static Api bob;
    static Api admin;
    static long aliceReservation;

    @BeforeAll
    static void start() {
        berth = TestBerth.start();
        alice = berth.login("alice");
        bob = berth.login("bob");
        admin = berth.adminApi();
        aliceReservation = alice.post("/api/v1/reservations", Map.of("imageId", berth.small.id())).expect(201).json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                alice.get("/api/v1/reservations/" + aliceReservation).json().get("state").asText().equals("READY"));
    }

    @AfterAll
    static void stop() {
        berth.close();
    }

    static List<Route> routes(Access access) {
        return berth.server.routes().routes().stream().filter(r -> r.access() == access).toList();
    }

    /** A concrete path for a route template; ids point at things that exist. */
    static String concrete(String template) {
        return template.replace("{reservationId}", Long.toString(aliceReservation))
                .replace("{imageId}", Long.toString(berth.small.id()))
                .replace("{poolId}", Long.toString(berth.pool.id()))
                .replace("{hostId}", Long.toString(berth.hostIds.getFirst()))
                .replace("{userId}", Long.toString(berth.bob.id()))
                .replace("{groupId}", "1")
                .replace("{tokenId}", "1");
    }

    @Test
    void theRouteTableHasRoutesOfEveryKind() {
        assertThat(routes(Access.PUBLIC)).hasSizeGreaterThanOrEqualTo(6);
        assertThat(routes(Access.USER)).hasSizeGreaterThanOrEqualTo(15);
        assertThat(routes(Access.ADMIN)).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void everyProtectedRouteAnswers401WithoutAToken() {
        List<String> wrong = new ArrayList<>();
        for (Route r : berth.server.routes().routes()) {
            if (r.access() == Access.PUBLIC) continue;
            var answer = berth.anonymous().send(r.method().name(), concrete(r.path()), "{}", "application/json");
            if (answer.status() != 401 || !answer.contentType().startsWith("application/problem+json")) {
                wrong.add(r.method() + " " + r.path() + " -> " + answer.status());
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aRevokedOrMadeUpTokenIs401Too() {
        assertThat(berth.anonymous().withToken("berth_not-a-real-token").get("/api/v1/me").status()).isEqualTo(401);
        Api session = berth.login("bob");
        session.post("/api/v1/auth/logout", null).expect(204);
        assertThat(session.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void everyAdminRouteAnswers403ToAUser() {
        List<String> wrong = new ArrayList<>();
        for (Route r : routes(Access.ADMIN)) {
            var answer = bob.send(r.method().name(), concrete(r.path()), "{}", "application/json");
            if (answer.status() != 403) wrong.add(r.method() + " " + r.path() + " -> " + answer.status());
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aUserCannotSeeOrTouchAnotherUsersReservationOnAnyReservationRoute() {
        List<String> wrong = new ArrayList<>();
        for (Route r : routes(Access.USER)) {
            if (!r.path().contains("{reservationId}")) continue;
            var answer = r.path().endsWith("/stream")
                    ? bob.send("GET", concrete(r.path()), null, null, Map.of("Accept", "text/event-stream"))
                    : bob.send(r.method().name(), concrete(r.path()), bodyFor(r.path()), "application/json");
            if (answer.status() != 404) wrong.add(r.method() + " " + r.path() + " -> " + answer.status() + " " + answer.body());
        }
        assertThat(wrong).isEmpty();
        assertThat(bob.get("/api/v1/reservations").json()).isEmpty();
        // ... and it is untouched.
        assertThat(alice.get("/api/v1/reservations/" + aliceReservation).json().get("state").asText()).isEqualTo("READY");
    }

    @Test
    void adminsSeeAndActOnEveryonesReservations() {
        assertThat(admin.get("/api/v1/reservations").json().findValuesAsText("ownerId")).contains(Long.toString(berth.alice.id()));
        assertThat(admin.get("/api/v1/reservations/" + aliceReservation + "/connection").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/reservations/" + aliceReservation + "/events").status()).isEqualTo(200);
    }

    @Test
    void usersSeeOnlyImagesTheirGroupsGrant() {
        Api carol = createUser("carol");
        assertThat(carol.get("/api/v1/images").json()).isEmpty();
        assertThat(carol.get("/api/v1/images/" + berth.small.id()).status()).isEqualTo(404);
        var refused = carol.post("/api/v1/reservations", Map.of("imageId", berth.small.id()));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("imageId");
    }

    static Api createUser(String login) {
        admin.post("/api/v1/users", Map.of("login", login, "password", TestBerth.PASSWORD)).expect(201);
        return berth.login(login);
    }

    private static String bodyFor(String path) {
        if (path.endsWith("/extend")) return "{\"minutes\":30}";
        return "{}";
    }
}

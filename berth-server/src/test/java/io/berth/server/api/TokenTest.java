package io.berth.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.berth.server.support.Api;
import io.berth.server.support.TestBerth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TokenTest {
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
    void anApiTokenWorksUntilRevokedAndItsSecretIsShownOnce() {
        Api session = berth.login("alice");
        var created = session.post("/api/v1/tokens", Map.of("name", "ci")).expect(201).json();
        String secret = created.get("token").asText();
        assertThat(secret).startsWith("berth_").hasSizeGreaterThan(40);

        Api viaToken = berth.anonymous().withToken(secret);
        assertThat(viaToken.get("/api/v1/me").expect(200).json().get("login").asText()).isEqualTo("alice");
        JsonNode listed = session.get("/api/v1/tokens").expect(200).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("name").asText()).isEqualTo("ci");
        assertThat(listed.toString()).doesNotContain(secret);
        assertThat(listed.get(0).get("lastUsedAt").isNull()).isFalse();

        // Bob cannot revoke Alice's token.
        assertThat(berth.login("bob").delete("/api/v1/tokens/" + created.get("id").asLong()).status()).isEqualTo(404);
        session.delete("/api/v1/tokens/" + created.get("id").asLong()).expect(204);
        assertThat(viaToken.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void aTokenPastItsExpiryIsRefusedAndAnExpiryInThePastIsBadInput() {
        Api session = berth.login("bob");
        var bad = session.post("/api/v1/tokens", Map.of("name", "old", "expiresAt", "2020-01-01T00:00:00Z"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("expiresAt");
        String soon = Instant.now().plusSeconds(3600).toString();
        session.post("/api/v1/tokens", Map.of("name", "hour", "expiresAt", soon)).expect(201);
    }

    @Test
    void wrongPasswordsAndUnknownLoginsLookTheSame() {
        var wrongPassword = berth.anonymous().post("/api/v1/auth/login", Map.of("login", "alice", "password", "nope-nope-nope"));
        var unknown = berth.anonymous().post("/api/v1/auth/login", Map.of("login", "mallory", "password", "nope-nope-nope"));
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrongPassword.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        var missing = berth.anonymous().post("/api/v1/auth/login", Map.of("login", "alice"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("password");
    }

    @Test
    void usersChangeTheirOwnPasswordWithTheOldOne() {
        berth.adminApi().post("/api/v1/users", Map.of("login", "dave", "password", TestBerth.PASSWORD)).expect(201);
        Api dave = berth.login("dave");
        var wrong = dave.put("/api/v1/me/password", Map.of("oldPassword", "not-my-password", "newPassword", "a-new-passphrase"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("field").asText()).isEqualTo("oldPassword");
        dave.put("/api/v1/me/password", Map.of("oldPassword", TestBerth.PASSWORD, "newPassword", "a-new-passphrase")).expect(204);
        berth.anonymous().post("/api/v1/auth/login", Map.of("login", "dave", "password", "a-new-passphrase")).expect(200);
        assertThat(berth.anonymous().post("/api/v1/auth/login", Map.of("login", "dave", "password", TestBerth.PASSWORD)).status()).isEqualTo(401);
    }
}

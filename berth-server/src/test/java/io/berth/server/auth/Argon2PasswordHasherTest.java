package io.berth.server.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class Argon2PasswordHasherTest {
    final Argon2PasswordHasher hasher = Argon2PasswordHasher.owaspDefaults();

    @Test
    void verifiesTheRightPasswordOnlyAndSaltsEveryHash() {
        String h1 = hasher.hash("correct horse".toCharArray());
        String h2 = hasher.hash("correct horse".toCharArray());
        assertThat(h1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(h2);
        assertThat(hasher.verify("correct horse".toCharArray(), h1)).isTrue();
        assertThat(hasher.verify("correct horse".toCharArray(), h2)).isTrue();
        assertThat(hasher.verify("correct horsE".toCharArray(), h1)).isFalse();
        assertThat(hasher.verify("".toCharArray(), h1)).isFalse();
    }

    @Test
    void readsItsParametersFromTheHashSoTheyCanBeRaisedLater() {
        String weak = new Argon2PasswordHasher(1024, 1, 1).hash("pw-pw-pw-pw".toCharArray());
        assertThat(hasher.verify("pw-pw-pw-pw".toCharArray(), weak)).isTrue();
        assertThat(hasher.verify("pw-pw-pw-pw".toCharArray(), "$bcrypt$nonsense")).isFalse();
    }

    @Test
    void nonAsciiPasswordsWork() {
        String h = hasher.hash("pässwörd-日本".toCharArray());
        assertThat(hasher.verify("pässwörd-日本".toCharArray(), h)).isTrue();
        assertThat(hasher.verify("passwort-日本".toCharArray(), h)).isFalse();
    }
}

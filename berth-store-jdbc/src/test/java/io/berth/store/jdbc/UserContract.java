package io.berth.store.jdbc;

import io.berth.core.domain.Group;
import io.berth.core.domain.Image;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.ApiToken;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Users, groups, image grants and tokens. */
abstract class UserContract extends StoreContract {

    @Test
    void userRoundTripsUnderANewId() {
        User user = new User(999, "ada", "Ada Lovelace", "ada@example.org", Role.ADMIN, false);

        User inserted = tx(tx -> tx.users().insert(user, "argon2-hash"));

        assertThat(inserted).isEqualTo(new User(inserted.id(), "ada", "Ada Lovelace", "ada@example.org", Role.ADMIN, false));
        assertThat(inserted.id()).isNotEqualTo(999);
        assertThat(optional(tx -> tx.users().find(inserted.id()))).contains(inserted);
        assertThat(optional(tx -> tx.users().findByLogin("ada"))).contains(inserted);
        assertThat(list(tx -> tx.users().all())).containsExactly(inserted);
        assertThat(optional(tx -> tx.users().passwordHash(inserted.id()))).contains("argon2-hash");
    }

    @Test
    void userUpdateAndPasswordHash() {
        User user = insertUser("ada");
        User changed = new User(user.id(), "ada2", "Ada L.", "ada@uni.example", Role.ADMIN, false);

        store.run(tx -> {
            tx.users().update(changed);
            tx.users().setPasswordHash(user.id(), null);
        });

        assertThat(optional(tx -> tx.users().find(user.id()))).contains(changed);
        assertThat(optional(tx -> tx.users().passwordHash(user.id()))).isEmpty();
        assertThat(optional(tx -> tx.users().passwordHash(12345))).isEmpty();
        store.run(tx -> tx.users().setPasswordHash(user.id(), "new-hash"));
        assertThat(optional(tx -> tx.users().passwordHash(user.id()))).contains("new-hash");
    }

    @Test
    void duplicateLoginIsADuplicateKey() {
        insertUser("ada");
        User bob = insertUser("bob");

        assertThatThrownBy(() -> insertUser("ada"))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.key()).isEqualTo("users.login"))
                .hasMessageContaining("ada");
        assertThatThrownBy(() -> store.run(tx -> tx.users().update(new User(bob.id(), "ada", "", "", Role.USER, true))))
                .isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void groupsAndDuplicateGroupNames() {
        Group inserted = tx(tx -> tx.users().insertGroup(new Group(999, "students", "all students")));

        assertThat(inserted).isEqualTo(new Group(inserted.id(), "students", "all students"));
        assertThat(optional(tx -> tx.users().findGroup(inserted.id()))).contains(inserted);
        assertThat(optional(tx -> tx.users().findGroupByName("students"))).contains(inserted);
        assertThatThrownBy(() -> tx(tx -> tx.users().insertGroup(new Group(0, "students", ""))))
                .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.key()).isEqualTo("user_groups.name"));

        Group renamed = new Group(inserted.id(), "pupils", "renamed");
        store.run(tx -> tx.users().updateGroup(renamed));
        assertThat(list(tx -> tx.users().groups())).containsExactly(renamed);
        assertThat(flag(tx -> tx.users().deleteGroup(inserted.id()))).isTrue();
        assertThat(flag(tx -> tx.users().deleteGroup(inserted.id()))).isFalse();
    }

    @Test
    void membership() {
        User ada = insertUser("ada");
        User bob = insertUser("bob");
        Group students = tx(tx -> tx.users().insertGroup(new Group(0, "students", "")));
        Group staff = tx(tx -> tx.users().insertGroup(new Group(0, "staff", "")));

        assertThat(flag(tx -> tx.users().addMember(students.id(), ada.id()))).isTrue();
        assertThat(flag(tx -> tx.users().addMember(students.id(), ada.id()))).isFalse();
        assertThat(flag(tx -> tx.users().addMember(students.id(), bob.id()))).isTrue();
        assertThat(flag(tx -> tx.users().addMember(staff.id(), ada.id()))).isTrue();

        assertThat(list(tx -> tx.users().members(students.id()))).containsExactly(ada, bob);
        assertThat(list(tx -> tx.users().groupsOf(ada.id()))).containsExactly(students, staff);
        assertThat(flag(tx -> tx.users().removeMember(students.id(), ada.id()))).isTrue();
        assertThat(flag(tx -> tx.users().removeMember(students.id(), ada.id()))).isFalse();
        assertThat(list(tx -> tx.users().members(students.id()))).containsExactly(bob);
    }

    @Test
    void imagesAreUsableThroughAnyGroupOnce() {
        User ada = insertUser("ada");
        User bob = insertUser("bob");
        Image debian = insertImage("debian");
        Image ubuntu = insertImage("ubuntu");
        Image secret = insertImage("secret");
        Group students = tx(tx -> tx.users().insertGroup(new Group(0, "students", "")));
        Group gpu = tx(tx -> tx.users().insertGroup(new Group(0, "gpu", "")));
        store.run(tx -> {
            tx.users().addMember(students.id(), ada.id());
            tx.users().addMember(gpu.id(), ada.id());
            tx.users().grantImage(students.id(), debian.id());
            tx.users().grantImage(gpu.id(), debian.id());
            tx.users().grantImage(gpu.id(), ubuntu.id());
        });

        assertThat(flag(tx -> tx.users().grantImage(gpu.id(), ubuntu.id()))).isFalse();
        assertThat(list(tx -> tx.users().imagesGrantedTo(gpu.id()))).containsExactly(debian.id(), ubuntu.id());
        assertThat(list(tx -> tx.users().imagesUsableBy(ada.id()))).containsExactly(debian, ubuntu);
        assertThat(list(tx -> tx.users().imagesUsableBy(bob.id()))).isEmpty();
        assertThat(flag(tx -> tx.users().canUseImage(ada.id(), ubuntu.id()))).isTrue();
        assertThat(flag(tx -> tx.users().canUseImage(ada.id(), secret.id()))).isFalse();
        assertThat(flag(tx -> tx.users().canUseImage(bob.id(), debian.id()))).isFalse();

        assertThat(flag(tx -> tx.users().revokeImage(gpu.id(), ubuntu.id()))).isTrue();
        assertThat(flag(tx -> tx.users().revokeImage(gpu.id(), ubuntu.id()))).isFalse();
        assertThat(flag(tx -> tx.users().canUseImage(ada.id(), ubuntu.id()))).isFalse();
        assertThat(list(tx -> tx.users().imagesUsableBy(ada.id()))).containsExactly(debian);
    }

    @Test
    void deletingAGroupOrImageDropsItsMembershipsAndGrants() {
        User ada = insertUser("ada");
        Image debian = insertImage("debian");
        Group students = tx(tx -> tx.users().insertGroup(new Group(0, "students", "")));
        Group staff = tx(tx -> tx.users().insertGroup(new Group(0, "staff", "")));
        store.run(tx -> {
            tx.users().addMember(students.id(), ada.id());
            tx.users().addMember(staff.id(), ada.id());
            tx.users().grantImage(staff.id(), debian.id());
        });

        assertThat(flag(tx -> tx.users().deleteGroup(students.id()))).isTrue();
        assertThat(list(tx -> tx.users().groupsOf(ada.id()))).containsExactly(staff);
        assertThat(flag(tx -> tx.images().delete(debian.id()))).isTrue();
        assertThat(list(tx -> tx.users().imagesGrantedTo(staff.id()))).isEmpty();
    }

    @Test
    void aUserWithReservationsCannotBeDeleted() {
        User ada = insertUser("ada");
        Image image = insertImage("debian");
        insertReservation(ada.id(), image.id(), window(0, 60), ReservationState.CLOSED);

        assertThatThrownBy(() -> tx(tx -> tx.users().delete(ada.id())))
                .isInstanceOf(ReferencedRowException.class).hasMessageContaining("user " + ada.id());
        assertThat(optional(tx -> tx.users().find(ada.id()))).isPresent();
    }

    @Test
    void deletingAUserDropsTheirTokensAndMemberships() {
        User ada = insertUser("ada");
        Group students = tx(tx -> tx.users().insertGroup(new Group(0, "students", "")));
        ApiToken token = tx(tx -> {
            tx.users().addMember(students.id(), ada.id());
            return tx.tokens().insert(ada.id(), "cli", false, "h1", T0, null);
        });

        assertThat(flag(tx -> tx.users().delete(ada.id()))).isTrue();
        assertThat(flag(tx -> tx.users().delete(ada.id()))).isFalse();
        assertThat(optional(tx -> tx.tokens().find(token.id()))).isEmpty();
        assertThat(list(tx -> tx.users().members(students.id()))).isEmpty();
    }

    @Test
    void tokenRoundTrips() {
        User ada = insertUser("ada");

        ApiToken token = tx(tx -> tx.tokens().insert(ada.id(), "laptop", false, "sha256-abc", at(0), at(60)));

        assertThat(token).isEqualTo(new ApiToken(token.id(), ada.id(), "laptop", false, at(0), at(60), null, null));
        assertThat(optional(tx -> tx.tokens().find(token.id()))).contains(token);
        assertThat(optional(tx -> tx.tokens().findBySecretHash("sha256-abc"))).contains(token);
        assertThat(optional(tx -> tx.tokens().findBySecretHash("sha256-other"))).isEmpty();
    }

    @Test
    void tokenTimesKeepMicroseconds() {
        User ada = insertUser("ada");
        Instant created = T0.plusNanos(123_456_789);

        ApiToken token = tx(tx -> tx.tokens().insert(ada.id(), "s", true, "h", created, null));

        assertThat(token.createdAt()).isEqualTo(T0.plusNanos(123_456_000));
        assertThat(optional(tx -> tx.tokens().find(token.id()))).contains(token);
    }

    @Test
    void tokensOfAUserNewestFirstSessionsOnlyIfAsked() {
        User ada = insertUser("ada");
        User bob = insertUser("bob");
        ApiToken old = tx(tx -> tx.tokens().insert(ada.id(), "old", false, "h1", at(0), null));
        ApiToken session = tx(tx -> tx.tokens().insert(ada.id(), "login", true, "h2", at(1), at(2)));
        ApiToken recent = tx(tx -> tx.tokens().insert(ada.id(), "recent", false, "h3", at(5), null));
        tx(tx -> tx.tokens().insert(bob.id(), "bob's", false, "h4", at(9), null));

        assertThat(list(tx -> tx.tokens().ofUser(ada.id(), false))).containsExactly(recent, old);
        assertThat(list(tx -> tx.tokens().ofUser(ada.id(), true))).containsExactly(recent, session, old);
    }

    @Test
    void revokeOnceAndTouch() {
        User ada = insertUser("ada");
        ApiToken token = tx(tx -> tx.tokens().insert(ada.id(), "cli", false, "h1", at(0), null));

        assertThat(flag(tx -> tx.tokens().revoke(token.id(), at(10)))).isTrue();
        assertThat(flag(tx -> tx.tokens().revoke(token.id(), at(20)))).isFalse();
        assertThat(flag(tx -> tx.tokens().revoke(4242, at(20)))).isFalse();
        store.run(tx -> tx.tokens().touch(token.id(), at(15).plus(Duration.ofMillis(1))));

        ApiToken read = tx(tx -> tx.tokens().find(token.id())).orElseThrow();
        assertThat(read.revokedAt()).isEqualTo(at(10));
        assertThat(read.lastUsedAt()).isEqualTo(at(15).plusMillis(1));
        assertThat(read.isValidAt(at(11))).isFalse();
    }

    @Test
    void duplicateSecretHashIsADuplicateKey() {
        User ada = insertUser("ada");
        tx(tx -> tx.tokens().insert(ada.id(), "a", false, "same-hash", at(0), null));

        assertThatThrownBy(() -> tx(tx -> tx.tokens().insert(ada.id(), "b", false, "same-hash", at(0), null)))
                .isInstanceOfSatisfying(DuplicateKeyException.class,
                        e -> assertThat(e.key()).isEqualTo("api_tokens.secret_hash"))
                .hasMessageNotContaining("same-hash");
    }

    /**
     * Tokens, users, their groups and grants are answered from memory between changes (every request asks): each
     * committed change shows at once, a transaction reads its own writes, and a rolled-back one leaves no trace.
     */
    @Test
    void accountsAsReadAlwaysReflectCommittedChanges() {
        User ada = insertUser("ada");
        Image debian = insertImage("debian");
        Group students = tx(tx -> tx.users().insertGroup(new Group(0, "students", "")));
        ApiToken token = tx(tx -> tx.tokens().insert(ada.id(), "cli", false, "h1", at(0), null));
        assertThat(optional(tx -> tx.tokens().findBySecretHash("h1"))).contains(token);
        assertThat(optional(tx -> tx.tokens().findBySecretHash("h2"))).isEmpty();
        assertThat(optional(tx -> tx.users().find(ada.id()))).contains(ada);
        assertThat(list(tx -> tx.users().groupsOf(ada.id()))).isEmpty();
        assertThat(optional(tx -> tx.users().groupSettings(students.id()))).isEmpty();
        assertThat(flag(tx -> tx.users().canUseImage(ada.id(), debian.id()))).isFalse();

        RuntimeException abandoned = new IllegalStateException("abandoned");
        assertThatThrownBy(() -> store.run(tx -> {
            tx.tokens().revoke(token.id(), at(5));
            assertThat(tx.tokens().findBySecretHash("h1")).map(ApiToken::revokedAt).contains(at(5));
            throw abandoned;
        })).isSameAs(abandoned);
        assertThat(optional(tx -> tx.tokens().findBySecretHash("h1"))).contains(token);

        store.run(tx -> tx.tokens().revoke(token.id(), at(10)));
        assertThat(optional(tx -> tx.tokens().findBySecretHash("h1"))).map(ApiToken::revokedAt).contains(at(10));
        ApiToken second = tx(tx -> tx.tokens().insert(ada.id(), "laptop", false, "h2", at(1), null));
        assertThat(optional(tx -> tx.tokens().findBySecretHash("h2"))).contains(second);
        store.run(tx -> tx.tokens().touch(second.id(), at(20)));
        assertThat(optional(tx -> tx.tokens().findBySecretHash("h2"))).map(ApiToken::lastUsedAt).contains(at(20));

        User disabled = new User(ada.id(), ada.login(), ada.displayName(), ada.email(), Role.ADMIN, false);
        store.run(tx -> tx.users().update(disabled));
        assertThat(optional(tx -> tx.users().find(ada.id()))).contains(disabled);

        store.run(tx -> {
            tx.users().addMember(students.id(), ada.id());
            tx.users().grantImage(students.id(), debian.id());
            tx.users().saveGroupSettings(new io.berth.core.domain.GroupSettings(students.id(), null, null,
                    Duration.ofHours(2), null, null));
        });
        assertThat(list(tx -> tx.users().groupsOf(ada.id()))).containsExactly(students);
        assertThat(optional(tx -> tx.users().groupSettings(students.id()))).map(io.berth.core.domain.GroupSettings::initialMax)
                .contains(Duration.ofHours(2));
        assertThat(flag(tx -> tx.users().canUseImage(ada.id(), debian.id()))).isTrue();

        Group renamed = new Group(students.id(), "pupils", "");
        store.run(tx -> tx.users().updateGroup(renamed));
        assertThat(list(tx -> tx.users().groupsOf(ada.id()))).containsExactly(renamed);
        store.run(tx -> tx.images().delete(debian.id()));
        assertThat(flag(tx -> tx.users().canUseImage(ada.id(), debian.id()))).isFalse();
        store.run(tx -> tx.users().delete(ada.id()));
        assertThat(optional(tx -> tx.tokens().findBySecretHash("h2"))).isEmpty();
        assertThat(optional(tx -> tx.users().find(ada.id()))).isEmpty();
    }
}

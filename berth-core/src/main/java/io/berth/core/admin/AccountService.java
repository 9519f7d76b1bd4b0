package io.berth.core.admin;

import io.berth.core.domain.Group;
import io.berth.core.domain.GroupSettings;
import io.berth.core.domain.Role;
import io.berth.core.domain.User;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotFoundException;
import io.berth.core.reservation.ReservationLimits;
import io.berth.core.store.ApiToken;
import io.berth.core.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Local accounts, groups and bearer tokens. Passwords are stored only as slow salted hashes; token secrets
 * only as SHA-256 (they are long and random, so a fast hash is enough and keeps each request cheap).
 */
public final class AccountService {
    public static final String TOKEN_PREFIX = "berth_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Duration sessionLifetime;

    public AccountService(Store store, PasswordHasher hasher, Clock clock, Duration sessionLifetime) {
        this.store = store;
        this.hasher = hasher;
        this.clock = clock;
        this.sessionLifetime = sessionLifetime;
    }

    /** A token for the API; the secret is returned once and never stored. */
    public record IssuedToken(ApiToken token, String secret) {}

    // --- authentication ---

    /** Checks a login and password; on success returns a session token. Unknown login and wrong password look the same. */
    public Optional<IssuedToken> login(String login, char[] password) {
        Optional<User> user = store.inTransaction(tx -> tx.users().findByLogin(login == null ? "" : login));
        Optional<String> hash = user.flatMap(u -> store.inTransaction(tx -> tx.users().passwordHash(u.id())));
        if (hash.isEmpty()) {
            hasher.hash(password); // spend the same time as a real check, so timing does not reveal logins
            return Optional.empty();
        }
        if (!hasher.verify(password, hash.get()) || !user.get().enabled()) return Optional.empty();
        return Optional.of(issue(user.get().id(), "login", true, clock.instant().plus(sessionLifetime)));
    }

    /** Verifies a password without issuing anything (for protocols that send credentials on each call). */
    public Optional<User> verifyPassword(String login, char[] password) {
        Optional<User> user = store.inTransaction(tx -> tx.users().findByLogin(login == null ? "" : login));
        Optional<String> hash = user.flatMap(u -> store.inTransaction(tx -> tx.users().passwordHash(u.id())));
        if (hash.isEmpty()) {
            hasher.hash(password);
            return Optional.empty();
        }
        return hasher.verify(password, hash.get()) && user.get().enabled() ? user : Optional.empty();
    }

    /** The user a bearer token belongs to, if the token is valid now. */
    public Optional<User> authenticate(String secret) {
        if (secret == null || !secret.startsWith(TOKEN_PREFIX)) return Optional.empty();
        String digest = sha256(secret);
        Instant now = clock.instant();
        return store.inTransaction(tx -> tx.tokens().findBySecretHash(digest)
                .filter(t -> t.isValidAt(now))
                .flatMap(t -> {
                    if (t.lastUsedAt() == null || t.lastUsedAt().isBefore(now.minusSeconds(60))) tx.tokens().touch(t.id(), now);
                    return tx.users().find(t.userId());
                })
                .filter(User::enabled));
    }

    public IssuedToken createToken(User actor, String name, Instant expiresAt) {
        Validation.text("name", name, 200);
        Validation.require(name != null && !name.isBlank(), "name", "a token needs a name");
        if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
            throw new InvalidInputException("expiresAt", "must be in the future");
        }
        return issue(actor.id(), name, false, expiresAt);
    }

    public List<ApiToken> tokens(User actor) {
        return store.inTransaction(tx -> tx.tokens().ofUser(actor.id(), false));
    }

    public void revokeToken(User actor, long tokenId) {
        store.run(tx -> {
            ApiToken t = tx.tokens().find(tokenId)
                    .filter(x -> x.userId() == actor.id() || actor.isAdmin())
                    .orElseThrow(() -> new NotFoundException("token", tokenId));
            tx.tokens().revoke(t.id(), clock.instant());
        });
    }

    /** Ends the session of the token used for this request. */
    public void logout(String secret) {
        store.run(tx -> tx.tokens().findBySecretHash(sha256(secret)).ifPresent(t -> tx.tokens().revoke(t.id(), clock.instant())));
    }

    private IssuedToken issue(long userId, String name, boolean session, Instant expiresAt) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        ApiToken token = store.inTransaction(tx -> tx.tokens().insert(userId, name, session, sha256(secret), clock.instant(), expiresAt));
        return new IssuedToken(token, secret);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- users ---

    public List<User> users() {
        return store.inTransaction(tx -> tx.users().all());
    }

    public User user(long id) {
        return store.inTransaction(tx -> tx.users().find(id)).orElseThrow(() -> new NotFoundException("user", id));
    }

    public Optional<User> findUser(String login) {
        return login == null ? Optional.empty() : store.inTransaction(tx -> tx.users().findByLogin(login));
    }

    /** The window limits the user reserves under, from their groups. */
    public ReservationLimits limitsFor(User user) {
        return store.inTransaction(tx -> ReservationLimits.of(tx, user));
    }

    public User createUser(String login, String displayName, String email, Role role, char[] password) {
        Validation.name("login", login);
        checkPassword(password);
        User draft = new User(0, login, Validation.text("displayName", displayName, 200), Validation.text("email", email, 320),
                role == null ? Role.USER : role, true);
        String hash = hasher.hash(password);
        return store.inTransaction(tx -> tx.users().insert(draft, hash));
    }

    public User updateUser(User actor, long id, String displayName, String email, Role role, Boolean enabled) {
        return store.inTransaction(tx -> {
            User u = tx.users().find(id).orElseThrow(() -> new NotFoundException("user", id));
            if (u.id() == actor.id() && (role == Role.USER || Boolean.FALSE.equals(enabled))) {
                throw new ConflictException("admins cannot demote or disable themselves; ask another admin");
            }
            User updated = new User(id, u.login(),
                    displayName == null ? u.displayName() : Validation.text("displayName", displayName, 200),
                    email == null ? u.email() : Validation.text("email", email, 320),
                    role == null ? u.role() : role, enabled == null ? u.enabled() : enabled);
            tx.users().update(updated);
            return updated;
        });
    }

    /** Users change their own password (with the old one); admins anyone's. */
    public void changePassword(User actor, long userId, char[] oldPassword, char[] newPassword) {
        checkPassword(newPassword);
        User target = user(userId);
        if (!actor.isAdmin() || actor.id() == userId) {
            if (actor.id() != userId) throw new ForbiddenException("you may only change your own password");
            if (oldPassword == null || verifyPassword(target.login(), oldPassword).isEmpty()) {
                throw new InvalidInputException("oldPassword", "is not your current password");
            }
        }
        String hash = hasher.hash(newPassword);
        store.run(tx -> tx.users().setPasswordHash(userId, hash));
    }

    public void deleteUser(User actor, long id) {
        if (actor.id() == id) throw new ConflictException("you cannot delete yourself");
        store.run(tx -> {
            tx.users().find(id).orElseThrow(() -> new NotFoundException("user", id));
            tx.users().delete(id);
        });
    }

    private static void checkPassword(char[] password) {
        Validation.require(password != null && password.length >= 8, "password", "must be at least 8 characters");
        Validation.require(password.length <= 256, "password", "must be at most 256 characters");
    }

    // --- groups ---

    public List<Group> groups() {
        return store.inTransaction(tx -> tx.users().groups());
    }

    public Group group(long id) {
        return store.inTransaction(tx -> tx.users().findGroup(id)).orElseThrow(() -> new NotFoundException("group", id));
    }

    public Group createGroup(String name, String description) {
        return createGroup(name, description, GroupSettings.none(0));
    }

    /** Creates a group with its owner, managing group and limits (the settings' group id is ignored). */
    public Group createGroup(String name, String description, GroupSettings settings) {
        Validation.name("name", name);
        Group draft = new Group(0, name, Validation.text("description", description, 1000));
        return store.inTransaction(tx -> {
            Group group = tx.users().insertGroup(draft);
            if (!settings.equals(GroupSettings.none(settings.groupId()))) {
                saveSettings(tx, settings.forGroup(group.id()));
            }
            return group;
        });
    }

    public Optional<Group> findGroup(String name) {
        return name == null ? Optional.empty() : store.inTransaction(tx -> tx.users().findGroupByName(name));
    }

    /** The group's owner, managing group and limits (none set: all null). */
    public GroupSettings settingsOf(long groupId) {
        return store.inTransaction(tx -> {
            tx.users().findGroup(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
            return tx.users().groupSettings(groupId).orElse(GroupSettings.none(groupId));
        });
    }

    /** Replaces the group's settings; the owner and managing group must exist. */
    public GroupSettings changeSettings(GroupSettings settings) {
        return store.inTransaction(tx -> {
            tx.users().findGroup(settings.groupId()).orElseThrow(() -> new NotFoundException("group", settings.groupId()));
            saveSettings(tx, settings);
            return settings;
        });
    }

    private static void saveSettings(io.berth.core.store.Tx tx, GroupSettings settings) {
        if (settings.ownerId() != null && tx.users().find(settings.ownerId()).isEmpty()) {
            throw new InvalidInputException("ownerId", "no user " + settings.ownerId());
        }
        if (settings.managingGroupId() != null && tx.users().findGroup(settings.managingGroupId()).isEmpty()) {
            throw new InvalidInputException("managingGroupId", "no group " + settings.managingGroupId());
        }
        tx.users().saveGroupSettings(settings);
    }

    public Group updateGroup(long id, String name, String description) {
        return store.inTransaction(tx -> {
            Group g = tx.users().findGroup(id).orElseThrow(() -> new NotFoundException("group", id));
            Group updated = new Group(id, name == null ? g.name() : Validation.name("name", name),
                    description == null ? g.description() : Validation.text("description", description, 1000));
            tx.users().updateGroup(updated);
            return updated;
        });
    }

    /** Deletes a group, unless a block allocation still holds machines for it. */
    public void deleteGroup(long id) {
        store.run(tx -> {
            tx.users().findGroup(id).orElseThrow(() -> new NotFoundException("group", id));
            var blocks = tx.blocks().ofGroupEndingAfter(id, clock.instant());
            if (!blocks.isEmpty()) {
                throw new ConflictException("group " + id + " is used by block allocation " + blocks.getFirst().id()
                        + " until " + blocks.getFirst().window().end());
            }
            tx.users().deleteGroup(id);
        });
    }

    public List<Group> groupsOf(long userId) {
        return store.inTransaction(tx -> tx.users().groupsOf(userId));
    }

    public List<User> members(long groupId) {
        group(groupId);
        return store.inTransaction(tx -> tx.users().members(groupId));
    }

    public void addMember(long groupId, long userId) {
        store.run(tx -> {
            tx.users().findGroup(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
            tx.users().find(userId).orElseThrow(() -> new InvalidInputException("userId", "no user " + userId));
            tx.users().addMember(groupId, userId);
        });
    }

    public void removeMember(long groupId, long userId) {
        store.run(tx -> {
            tx.users().findGroup(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
            if (!tx.users().removeMember(groupId, userId)) throw new NotFoundException("member", userId);
        });
    }

    public List<Long> grantedImages(long groupId) {
        group(groupId);
        return store.inTransaction(tx -> tx.users().imagesGrantedTo(groupId));
    }

    public void grantImage(long groupId, long imageId) {
        store.run(tx -> {
            tx.users().findGroup(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
            tx.images().find(imageId).orElseThrow(() -> new InvalidInputException("imageId", "no image " + imageId));
            tx.users().grantImage(groupId, imageId);
        });
    }

    public void revokeImage(long groupId, long imageId) {
        store.run(tx -> {
            tx.users().findGroup(groupId).orElseThrow(() -> new NotFoundException("group", groupId));
            if (!tx.users().revokeImage(groupId, imageId)) throw new NotFoundException("image grant", imageId);
        });
    }
}

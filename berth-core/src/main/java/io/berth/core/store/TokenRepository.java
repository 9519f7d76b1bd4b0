package io.berth.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface TokenRepository {
    ApiToken insert(long userId, String name, boolean session, String secretHash, Instant createdAt, Instant expiresAt);

    Optional<ApiToken> findBySecretHash(String secretHash);

    Optional<ApiToken> find(long id);

    /** Tokens of a user, newest first; session tokens included only if asked. */
    List<ApiToken> ofUser(long userId, boolean includeSessions);

    boolean revoke(long id, Instant at);

    void touch(long id, Instant at);
}

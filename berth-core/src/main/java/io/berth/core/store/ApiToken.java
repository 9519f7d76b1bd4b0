package io.berth.core.store;

import java.time.Instant;

/** A bearer token; only the SHA-256 of its secret is stored. {@code session} tokens come from a login. */
public record ApiToken(long id, long userId, String name, boolean session, Instant createdAt, Instant expiresAt,
                       Instant lastUsedAt, Instant revokedAt) {

    public boolean isValidAt(Instant now) {
        return revokedAt == null && (expiresAt == null || now.isBefore(expiresAt));
    }
}

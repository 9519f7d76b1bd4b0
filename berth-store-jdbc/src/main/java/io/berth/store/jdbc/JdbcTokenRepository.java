package io.berth.store.jdbc;

import io.berth.core.store.ApiToken;
import io.berth.core.store.TokenRepository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * API and session tokens, found by the hash of their secret: from the accounts {@link RowCache} (every request asks)
 * until this transaction writes a token; issuing or revoking one drops the cache, the once-a-minute last-used time only
 * that token's answer.
 */
final class JdbcTokenRepository implements TokenRepository {
    private static final String COLUMNS = "id, user_id, name, session, created_at, expires_at, last_used_at, revoked_at";

    private record BySecretHash(String hash) {}

    private final Sql sql;
    private final RowCache.InTransaction accounts;

    JdbcTokenRepository(Sql sql, RowCache.InTransaction accounts) {
        this.sql = sql;
        this.accounts = accounts;
    }

    @Override
    public ApiToken insert(long userId, String name, boolean session, String secretHash, Instant createdAt, Instant expiresAt) {
        accounts.writing();
        // The hash is no secret, but it is no use in a message either.
        long id = sql.insertUnique("api_tokens.secret_hash", "(hidden)",
                "INSERT INTO api_tokens (user_id, name, session, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                userId, name, session, secretHash, createdAt, expiresAt);
        return new ApiToken(id, userId, name, session, Sql.stored(createdAt), Sql.stored(expiresAt), null, null);
    }

    @Override
    public Optional<ApiToken> findBySecretHash(String secretHash) {
        return accounts.get(new BySecretHash(secretHash),
                () -> sql.first("SELECT " + COLUMNS + " FROM api_tokens WHERE secret_hash = ?", JdbcTokenRepository::token, secretHash));
    }

    @Override
    public Optional<ApiToken> find(long id) {
        return sql.first("SELECT " + COLUMNS + " FROM api_tokens WHERE id = ?", JdbcTokenRepository::token, id);
    }

    @Override
    public List<ApiToken> ofUser(long userId, boolean includeSessions) {
        return sql.list("SELECT " + COLUMNS + " FROM api_tokens WHERE user_id = ?"
                        + (includeSessions ? "" : " AND session = FALSE") + " ORDER BY created_at DESC, id DESC",
                JdbcTokenRepository::token, userId);
    }

    /** Revoking twice keeps the first revocation time and returns false. */
    @Override
    public boolean revoke(long id, Instant at) {
        accounts.writing();
        return sql.update("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) > 0;
    }

    @Override
    public void touch(long id, Instant at) {
        // The last-used time changes only this token's answer, and every active token is touched once a minute: dropping
        // every cached answer each time would empty the cache for a lab full of users. A lookup racing this commit may
        // keep the old time; the next request then just touches the token again.
        accounts.forgetAfterCommit(answer -> answer instanceof Optional<?> found && found.orElse(null) instanceof ApiToken t && t.id() == id);
        sql.update("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", at, id);
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getLong("user_id"), rs.getString("name"), rs.getBoolean("session"),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "expires_at"), Sql.instant(rs, "last_used_at"),
                Sql.instant(rs, "revoked_at"));
    }
}

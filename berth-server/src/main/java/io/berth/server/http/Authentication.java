package io.berth.server.http;

import io.berth.core.admin.AccountService;
import io.berth.core.domain.User;
import io.javalin.http.Context;

import java.util.Optional;

/** Bearer-token authentication and the role check of each route. */
public final class Authentication {
    private static final String USER_ATTRIBUTE = "berth.user";
    private static final String TOKEN_ATTRIBUTE = "berth.token";

    private final AccountService accounts;

    public Authentication(AccountService accounts) {
        this.accounts = accounts;
    }

    void require(Context ctx, Access access) {
        if (access == Access.PUBLIC) return;
        String secret = bearer(ctx).orElseThrow(() -> HttpProblem.unauthorized(
                "send 'Authorization: Bearer <token>'; get a token from POST /api/v1/auth/login"));
        User user = accounts.authenticate(secret).orElseThrow(() -> HttpProblem.unauthorized(
                "the token is unknown, expired or revoked; log in again"));
        ctx.attribute(USER_ATTRIBUTE, user);
        ctx.attribute(TOKEN_ATTRIBUTE, secret);
        if (access == Access.ADMIN && !user.isAdmin()) {
            throw HttpProblem.forbidden("this action needs the admin role");
        }
    }

    static User user(Context ctx) {
        User user = ctx.attribute(USER_ATTRIBUTE);
        if (user == null) throw new IllegalStateException("route has no authenticated user; is it PUBLIC?");
        return user;
    }

    public static String token(Context ctx) {
        return ctx.attribute(TOKEN_ATTRIBUTE);
    }

    public static Optional<User> userIfAny(Context ctx) {
        return Optional.ofNullable(ctx.attribute(USER_ATTRIBUTE));
    }

    private static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}

package io.berth.server.http.api;

import io.berth.core.admin.AccountService;
import io.berth.core.domain.User;
import io.berth.server.http.Access;
import io.berth.server.http.Authentication;
import io.berth.server.http.Bodies;
import io.berth.server.http.HttpProblem;
import io.berth.server.http.RouteTable;

/** Log in and out, who am I, API tokens, own password. */
public final class AuthRoutes {
    private final AccountService accounts;

    public AuthRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    public void register(RouteTable routes) {
        routes.post("/api/v1/auth/login", Access.PUBLIC, ctx -> {
            var body = Bodies.read(ctx, Requests.Login.class);
            String login = Require.present(body.login(), "login");
            String password = Require.present(body.password(), "password");
            var issued = accounts.login(login, password.toCharArray())
                    .orElseThrow(() -> HttpProblem.unauthorized("wrong login or password"));
            User user = accounts.user(issued.token().userId());
            ctx.json(new Views.LoginView(issued.secret(), issued.token().expiresAt(), Views.UserView.of(user)));
        });
        routes.post("/api/v1/auth/logout", Access.USER, ctx -> {
            accounts.logout(Authentication.token(ctx));
            ctx.status(204);
        });
        routes.get("/api/v1/me", Access.USER, ctx -> {
            User u = RouteTable.user(ctx);
            ctx.json(new Views.MeView(u.id(), u.login(), u.displayName(), u.email(), u.role(),
                    accounts.groupsOf(u.id()).stream().map(g -> Views.GroupView.of(g, accounts.settingsOf(g.id()))).toList()));
        });
        routes.put("/api/v1/me/password", Access.USER, ctx -> {
            var body = Bodies.read(ctx, Requests.PasswordChange.class);
            User u = RouteTable.user(ctx);
            accounts.changePassword(u, u.id(), Require.present(body.oldPassword(), "oldPassword").toCharArray(),
                    Require.present(body.newPassword(), "newPassword").toCharArray());
            ctx.status(204);
        });
        routes.get("/api/v1/tokens", Access.USER, ctx ->
                ctx.json(accounts.tokens(RouteTable.user(ctx)).stream().map(Views.TokenView::of).toList()));
        routes.post("/api/v1/tokens", Access.USER, ctx -> {
            var body = Bodies.read(ctx, Requests.NewToken.class);
            var issued = accounts.createToken(RouteTable.user(ctx), Require.present(body.name(), "name"), body.expiresAt());
            ctx.status(201).header("Location", "/api/v1/tokens/" + issued.token().id())
                    .json(new Views.IssuedTokenView(issued.token().id(), issued.token().name(), issued.secret(), issued.token().expiresAt()));
        });
        routes.delete("/api/v1/tokens/{tokenId}", Access.USER, ctx -> {
            accounts.revokeToken(RouteTable.user(ctx), Bodies.pathId(ctx, "tokenId"));
            ctx.status(204);
        });
    }
}

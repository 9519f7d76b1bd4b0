package io.berth.server.http.api;

import io.berth.core.admin.AccountService;
import io.berth.core.domain.Group;
import io.berth.core.domain.User;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.RouteTable;

/** Users, groups, memberships and image grants (admins). */
public final class AccountRoutes {
    private final AccountService accounts;

    public AccountRoutes(AccountService accounts) {
        this.accounts = accounts;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/users", Access.ADMIN, ctx -> ctx.json(accounts.users().stream().map(Views.UserView::of).toList()));
        routes.post("/api/v1/users", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.NewUser.class);
            User u = accounts.createUser(Require.present(b.login(), "login"), b.displayName(), b.email(), b.role(),
                    Require.present(b.password(), "password").toCharArray());
            ctx.status(201).header("Location", "/api/v1/users/" + u.id()).json(Views.UserView.of(u));
        });
        routes.get("/api/v1/users/{userId}", Access.ADMIN, ctx -> ctx.json(Views.UserView.of(accounts.user(Bodies.pathId(ctx, "userId")))));
        routes.patch("/api/v1/users/{userId}", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.UserChange.class);
            ctx.json(Views.UserView.of(accounts.updateUser(RouteTable.user(ctx), Bodies.pathId(ctx, "userId"),
                    b.displayName(), b.email(), b.role(), b.enabled())));
        });
        routes.delete("/api/v1/users/{userId}", Access.ADMIN, ctx -> {
            accounts.deleteUser(RouteTable.user(ctx), Bodies.pathId(ctx, "userId"));
            ctx.status(204);
        });
        routes.put("/api/v1/users/{userId}/password", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.PasswordChange.class);
            accounts.changePassword(RouteTable.user(ctx), Bodies.pathId(ctx, "userId"), null,
                    Require.present(b.newPassword(), "newPassword").toCharArray());
            ctx.status(204);
        });

        routes.get("/api/v1/groups", Access.ADMIN, ctx -> ctx.json(accounts.groups().stream().map(Views.GroupView::of).toList()));
        routes.post("/api/v1/groups", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.NewGroup.class);
            Group g = accounts.createGroup(Require.present(b.name(), "name"), b.description());
            ctx.status(201).header("Location", "/api/v1/groups/" + g.id()).json(Views.GroupView.of(g));
        });
        routes.get("/api/v1/groups/{groupId}", Access.ADMIN, ctx -> ctx.json(Views.GroupView.of(accounts.group(Bodies.pathId(ctx, "groupId")))));
        routes.patch("/api/v1/groups/{groupId}", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.GroupChange.class);
            ctx.json(Views.GroupView.of(accounts.updateGroup(Bodies.pathId(ctx, "groupId"), b.name(), b.description())));
        });
        routes.delete("/api/v1/groups/{groupId}", Access.ADMIN, ctx -> {
            accounts.deleteGroup(Bodies.pathId(ctx, "groupId"));
            ctx.status(204);
        });
        routes.get("/api/v1/groups/{groupId}/members", Access.ADMIN, ctx ->
                ctx.json(accounts.members(Bodies.pathId(ctx, "groupId")).stream().map(Views.UserView::of).toList()));
        routes.put("/api/v1/groups/{groupId}/members/{userId}", Access.ADMIN, ctx -> {
            accounts.addMember(Bodies.pathId(ctx, "groupId"), Bodies.pathId(ctx, "userId"));
            ctx.status(204);
        });
        routes.delete("/api/v1/groups/{groupId}/members/{userId}", Access.ADMIN, ctx -> {
            accounts.removeMember(Bodies.pathId(ctx, "groupId"), Bodies.pathId(ctx, "userId"));
            ctx.status(204);
        });
        routes.get("/api/v1/groups/{groupId}/images", Access.ADMIN, ctx ->
                ctx.json(accounts.grantedImages(Bodies.pathId(ctx, "groupId"))));
        routes.put("/api/v1/groups/{groupId}/images/{imageId}", Access.ADMIN, ctx -> {
            accounts.grantImage(Bodies.pathId(ctx, "groupId"), Bodies.pathId(ctx, "imageId"));
            ctx.status(204);
        });
        routes.delete("/api/v1/groups/{groupId}/images/{imageId}", Access.ADMIN, ctx -> {
            accounts.revokeImage(Bodies.pathId(ctx, "groupId"), Bodies.pathId(ctx, "imageId"));
            ctx.status(204);
        });
    }
}

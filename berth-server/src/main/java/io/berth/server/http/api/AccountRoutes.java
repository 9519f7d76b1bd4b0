package io.berth.server.http.api;

import io.berth.core.admin.AccountService;
import io.berth.core.domain.Group;
import io.berth.core.domain.GroupSettings;
import io.berth.core.domain.User;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.HttpProblem;
import io.berth.server.http.RouteTable;

import java.time.Duration;

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

        routes.get("/api/v1/groups", Access.ADMIN, ctx -> ctx.json(accounts.groups().stream().map(this::view).toList()));
        routes.post("/api/v1/groups", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.NewGroup.class);
            GroupSettings settings = new GroupSettings(0, reference(b.ownerId(), "ownerId"), reference(b.managingGroupId(), "managingGroupId"),
                    limit(b.limits() == null ? null : b.limits().initialMaxMinutes(), "limits.initialMaxMinutes"),
                    limit(b.limits() == null ? null : b.limits().totalMaxMinutes(), "limits.totalMaxMinutes"),
                    limit(b.limits() == null ? null : b.limits().maxExtendMinutes(), "limits.maxExtendMinutes"));
            Group g = accounts.createGroup(Require.present(b.name(), "name"), b.description(), settings);
            ctx.status(201).header("Location", "/api/v1/groups/" + g.id()).json(view(g));
        });
        routes.get("/api/v1/groups/{groupId}", Access.ADMIN, ctx -> ctx.json(view(accounts.group(Bodies.pathId(ctx, "groupId")))));
        routes.patch("/api/v1/groups/{groupId}", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.GroupChange.class);
            long id = Bodies.pathId(ctx, "groupId");
            Group g = accounts.updateGroup(id, b.name(), b.description());
            if (b.ownerId() != null || b.managingGroupId() != null || b.limits() != null) {
                GroupSettings s = accounts.settingsOf(id);
                Long owner = b.ownerId() == null ? s.ownerId() : reference(b.ownerId(), "ownerId");
                Long managing = b.managingGroupId() == null ? s.managingGroupId() : reference(b.managingGroupId(), "managingGroupId");
                var l = b.limits();
                accounts.changeSettings(l == null ? new GroupSettings(id, owner, managing, s.initialMax(), s.totalMax(), s.maxExtend())
                        : new GroupSettings(id, owner, managing, limit(l.initialMaxMinutes(), "limits.initialMaxMinutes"),
                        limit(l.totalMaxMinutes(), "limits.totalMaxMinutes"), limit(l.maxExtendMinutes(), "limits.maxExtendMinutes")));
            }
            ctx.json(view(g));
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

    private Views.GroupView view(Group g) {
        return Views.GroupView.of(g, accounts.settingsOf(g.id()));
    }

    /** An id, or null for 0 (none). */
    private static Long reference(Long id, String field) {
        if (id == null || id == 0) return null;
        if (id < 0) throw HttpProblem.badRequest(field, "must be an id, or 0 for none");
        return id;
    }

    /** Minutes of a group limit: 1 minute to a year, or null for none. */
    private static Duration limit(Long minutes, String field) {
        if (minutes == null) return null;
        if (minutes < 1 || minutes > 525_600) throw HttpProblem.badRequest(field, "must be 1-525600 minutes, or null for no limit");
        return Duration.ofMinutes(minutes);
    }
}

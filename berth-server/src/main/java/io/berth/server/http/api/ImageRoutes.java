package io.berth.server.http.api;

import io.berth.core.admin.ImageService;
import io.berth.core.domain.ConnectMethod;
import io.berth.core.domain.Image;
import io.berth.core.domain.Resources;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.RouteTable;

import java.time.Duration;
import java.util.List;

/** The image catalogue. */
public final class ImageRoutes {
    private final ImageService images;

    public ImageRoutes(ImageService images) {
        this.images = images;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/images", Access.USER, ctx ->
                ctx.json(images.visibleTo(RouteTable.user(ctx)).stream().map(Views.ImageView::of).toList()));
        routes.get("/api/v1/images/{imageId}", Access.USER, ctx ->
                ctx.json(Views.ImageView.of(images.get(RouteTable.user(ctx), Bodies.pathId(ctx, "imageId")))));
        routes.post("/api/v1/images", Access.ADMIN, ctx -> {
            Image created = images.create(draft(Bodies.read(ctx, Requests.ImageBody.class)));
            ctx.status(201).header("Location", "/api/v1/images/" + created.id()).json(Views.ImageView.of(created));
        });
        routes.put("/api/v1/images/{imageId}", Access.ADMIN, ctx -> {
            long id = Bodies.pathId(ctx, "imageId");
            ctx.json(Views.ImageView.of(images.update(id, draft(Bodies.read(ctx, Requests.ImageBody.class)))));
        });
        routes.delete("/api/v1/images/{imageId}", Access.ADMIN, ctx -> {
            images.delete(Bodies.pathId(ctx, "imageId"));
            ctx.status(204);
        });
    }

    private static Image draft(Requests.ImageBody b) {
        if (b.overcommitLimits() != null) b.overcommitLimits().forEach((k, v) -> Require.present(v, "overcommitLimits." + k));
        Require.present(b.name(), "name");
        Require.present(b.resourceType(), "resourceType");
        Require.present(b.minimum(), "minimum");
        Require.present(b.connectMethods(), "connectMethods");
        b.minimum().forEach((k, v) -> Require.present(v, "minimum." + k));
        List<ConnectMethod> methods = b.connectMethods();
        for (int i = 0; i < methods.size(); i++) Require.present(methods.get(i), "connectMethods[" + i + "]");
        try {
            return build(b, methods);
        } catch (IllegalArgumentException e) {
            throw io.berth.server.http.HttpProblem.badRequest("overcommitLimits", e.getMessage());
        }
    }

    private static Image build(Requests.ImageBody b, List<ConnectMethod> methods) {
        return new Image(0, b.name(), b.description() == null ? "" : b.description(), b.os() == null ? "" : b.os(),
                b.resourceType(), new Resources(b.minimum()),
                b.maxConcurrent() == null ? 10 : b.maxConcurrent(),
                Duration.ofMinutes(b.maxDurationMinutes() == null ? 240 : b.maxDurationMinutes()),
                methods, b.pools() == null ? List.of() : b.pools(), b.overcommitLimits() == null ? java.util.Map.of() : b.overcommitLimits());
    }
}

package io.berth.server.http.api;

import io.berth.core.admin.InventoryService;
import io.berth.core.domain.Host;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.Pool;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.HttpProblem;
import io.berth.server.http.RouteTable;

import java.util.ArrayList;
import java.util.List;

/** Pools and hosts (admins). */
public final class InventoryRoutes {
    private final InventoryService inventory;
    private final io.berth.core.resource.ResourceManagers managers;
    private final io.berth.core.store.Store store;

    public InventoryRoutes(InventoryService inventory, io.berth.core.resource.ResourceManagers managers, io.berth.core.store.Store store) {
        this.inventory = inventory;
        this.managers = managers;
        this.store = store;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/pools", Access.ADMIN, ctx ->
                ctx.json(inventory.pools().stream().map(this::view).toList()));
        routes.post("/api/v1/pools", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.NewPool.class);
            Pool p = inventory.createPool(Require.present(b.name(), "name"), Require.present(b.resourceType(), "resourceType"),
                    b.description(), b.placementPolicy(), b.policySettings());
            ctx.status(201).header("Location", "/api/v1/pools/" + p.id()).json(view(p));
        });
        routes.get("/api/v1/pools/{poolId}", Access.ADMIN, ctx -> ctx.json(view(inventory.pool(Bodies.pathId(ctx, "poolId")))));
        routes.patch("/api/v1/pools/{poolId}", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.PoolChange.class);
            ctx.json(view(inventory.updatePool(Bodies.pathId(ctx, "poolId"), b.description(), b.placementPolicy(), b.policySettings())));
        });
        routes.delete("/api/v1/pools/{poolId}", Access.ADMIN, ctx -> {
            inventory.deletePool(Bodies.pathId(ctx, "poolId"));
            ctx.status(204);
        });

        routes.get("/api/v1/hosts", Access.ADMIN, ctx ->
                ctx.json(inventory.hosts(Bodies.queryLong(ctx, "poolId")).stream().map(Views.HostView::of).toList()));
        routes.post("/api/v1/hosts", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.NewHost.class);
            Host h = inventory.addHost(Require.present(b.poolId(), "poolId"), Require.present(b.name(), "name"),
                    inventories(Require.present(b.inventories(), "inventories")), b.externalId());
            ctx.status(201).header("Location", "/api/v1/hosts/" + h.id()).json(Views.HostView.of(h));
        });
        routes.get("/api/v1/hosts/{hostId}", Access.ADMIN, ctx -> ctx.json(Views.HostView.of(inventory.host(Bodies.pathId(ctx, "hostId")))));
        routes.put("/api/v1/hosts/{hostId}/state", Access.ADMIN, ctx -> {
            var b = Bodies.read(ctx, Requests.HostStateChange.class);
            ctx.json(Views.HostView.of(inventory.setHostState(Bodies.pathId(ctx, "hostId"), Require.present(b.state(), "state"), b.reason())));
        });
        routes.get("/api/v1/hosts/{hostId}/load", Access.ADMIN, ctx -> {
            Host h = inventory.host(Bodies.pathId(ctx, "hostId"));
            var report = managers.forType(h.resourceType()).load(h.id()).orElseThrow(() -> new io.berth.core.error.NotFoundException(
                    "live load for host (resource type " + h.resourceType() + " measures none)", h.id()));
            ctx.json(report);
        });
        routes.get("/api/v1/hosts/{hostId}/decisions", Access.ADMIN, ctx -> {
            Host h = inventory.host(Bodies.pathId(ctx, "hostId"));
            Long limit = Bodies.queryLong(ctx, "limit");
            if (limit != null && (limit < 1 || limit > 1000)) throw HttpProblem.badRequest("limit", "must be 1-1000");
            int n = limit == null ? 50 : limit.intValue();
            ctx.json(store.inTransaction(tx -> tx.events().decisionsOnHost(h.id(), n)).stream().map(Views.EventView::of).toList());
        });
        routes.delete("/api/v1/hosts/{hostId}", Access.ADMIN, ctx -> {
            inventory.removeHost(Bodies.pathId(ctx, "hostId"));
            ctx.status(204);
        });
    }

    private Views.PoolView view(Pool p) {
        return Views.PoolView.of(p, inventory.hosts(p.id()).size());
    }

    private static List<Inventory> inventories(List<Requests.InventoryBody> bodies) {
        List<Inventory> out = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Requests.InventoryBody b = Require.present(bodies.get(i), "inventories[" + i + "]");
            String field = "inventories[" + i + "]";
            try {
                out.add(new Inventory(Require.present(b.resourceClass(), field + ".resourceClass"),
                        Require.present(b.total(), field + ".total"), b.reserved() == null ? 0 : b.reserved(),
                        b.allocationRatio() == null ? 1.0 : b.allocationRatio()));
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest(field, e.getMessage());
            }
        }
        return out;
    }
}

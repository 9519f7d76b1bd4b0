package io.berth.server.http.api;

import io.berth.core.rebalance.RebalanceService;
import io.berth.core.rebalance.RebalanceTrigger;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagers;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.HttpProblem;
import io.berth.server.http.RouteTable;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Placement policies, rebalancing (with dry-run previews) and an admin's live migration of one reservation. */
public final class PlacementRoutes {
    private final ResourceManagers managers;
    private final RebalanceService rebalance;
    private final io.berth.placement.plugin.PluginReport plugins;

    public PlacementRoutes(ResourceManagers managers, RebalanceService rebalance, io.berth.placement.plugin.PluginReport plugins) {
        this.managers = managers;
        this.rebalance = rebalance;
        this.plugins = plugins;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/placement/policies", Access.ADMIN, ctx -> {
            Map<String, Object> byType = new LinkedHashMap<>();
            for (ResourceManager m : managers.all()) byType.put(m.resourceType(), m.policies());
            ctx.json(byType);
        });
        routes.get("/api/v1/placement/plugins", Access.ADMIN, ctx -> ctx.json(plugins));
        routes.post("/api/v1/rebalance", Access.ADMIN, ctx -> {
            var body = Bodies.read(ctx, Requests.RebalanceRequest.class);
            String type = resourceType(body.resourceType());
            boolean dryRun = body.dryRun() == null || body.dryRun();
            ctx.json(rebalance.rebalance(type, RebalanceTrigger.ON_DEMAND, dryRun));
        });
        routes.get("/api/v1/rebalance/last", Access.ADMIN, ctx -> {
            String type = resourceType(ctx.queryParam("resourceType"));
            ctx.json(rebalance.lastRun(type).orElseThrow(() -> new io.berth.core.error.NotFoundException("rebalance run of", type)));
        });
        routes.post("/api/v1/reservations/{reservationId}/migrate", Access.ADMIN, ctx -> {
            var body = Bodies.read(ctx, Requests.Migration.class);
            long hostId = Require.present(body.hostId(), "hostId");
            var check = rebalance.migrateTo(Bodies.pathId(ctx, "reservationId"), hostId);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "migrating");
            answer.put("check", check);
            answer.put("follow", "/api/v1/reservations/" + ctx.pathParam("reservationId") + "/events");
            ctx.status(202).json(answer);
        });
    }

    private String resourceType(String given) {
        List<String> known = managers.all().stream().map(ResourceManager::resourceType).toList();
        if (given == null || given.isBlank()) {
            if (known.size() == 1) return known.getFirst();
            throw HttpProblem.badRequest("resourceType", "say which resource type: one of " + known);
        }
        if (!known.contains(given)) throw HttpProblem.badRequest("resourceType", "unknown resource type '" + given + "'; known: " + known);
        return given;
    }
}

package io.berth.server.http.api;

import io.berth.core.store.ApiCall;
import io.berth.core.store.Store;
import io.berth.server.http.Access;
import io.berth.server.http.Bodies;
import io.berth.server.http.HttpProblem;
import io.berth.server.http.RouteTable;

import java.util.List;

/** The record of remote-procedure calls (the VCL XML-RPC API), newest first (admins). */
public final class ApiCallRoutes {
    private final Store store;

    public ApiCallRoutes(Store store) {
        this.store = store;
    }

    public void register(RouteTable routes) {
        routes.get("/api/v1/api-calls", Access.ADMIN, ctx -> {
            Long limit = Bodies.queryLong(ctx, "limit");
            if (limit != null && (limit < 1 || limit > 1000)) throw HttpProblem.badRequest("limit", "must be 1-1000");
            Long before = Bodies.queryLong(ctx, "before");
            List<ApiCall> calls = store.inTransaction(tx -> tx.apiCalls().recent(limit == null ? 100 : limit.intValue(),
                    before == null ? Long.MAX_VALUE : before));
            ctx.json(calls);
        });
    }
}

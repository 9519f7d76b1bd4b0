package io.berth.server.http;

import io.berth.core.domain.User;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Collects routes with their access rule, then registers them with Javalin wrapped in the access check.
 * Keeping the list explicit lets a test compare it with the OpenAPI document both ways.
 */
public final class RouteTable {
    private final List<Route> routes = new ArrayList<>();
    private final List<SseRoute> streams = new ArrayList<>();
    private final Authentication authentication;

    private record SseRoute(String path, Access access, Handler precheck, SseHandler handler) {}

    /** An SSE endpoint's handler, given the authenticated caller. */
    @FunctionalInterface
    public interface SseHandler {
        void handle(SseClient client, User user) throws Exception;
    }

    public RouteTable(Authentication authentication) {
        this.authentication = authentication;
    }

    public RouteTable get(String path, Access access, Handler h) { return add(HandlerType.GET, path, access, h); }
    public RouteTable post(String path, Access access, Handler h) { return add(HandlerType.POST, path, access, h); }
    public RouteTable put(String path, Access access, Handler h) { return add(HandlerType.PUT, path, access, h); }
    public RouteTable patch(String path, Access access, Handler h) { return add(HandlerType.PATCH, path, access, h); }
    public RouteTable delete(String path, Access access, Handler h) { return add(HandlerType.DELETE, path, access, h); }

    /**
     * An event stream. {@code precheck} runs before the stream opens, so it can still answer with a problem
     * (e.g. 404 for someone else's reservation); once streaming, the status is 200.
     */
    public RouteTable sse(String path, Access access, Handler precheck, SseHandler h) {
        streams.add(new SseRoute(path, access, precheck, h));
        routes.add(new Route(HandlerType.GET, path, access, ctx -> { }));
        return this;
    }

    private RouteTable add(HandlerType method, String path, Access access, Handler handler) {
        routes.add(new Route(method, path, access, handler));
        return this;
    }

    /** Every route, SSE streams included (as GET). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public void registerWith(RoutesConfig config) {
        for (Route r : routes) {
            if (streams.stream().anyMatch(s -> s.path().equals(r.path())) && r.method() == HandlerType.GET) continue;
            config.addHttpHandler(r.method(), r.path(), guarded(r.access(), r.handler()));
        }
        for (SseRoute s : streams) {
            config.before(s.path(), ctx -> {
                authentication.require(ctx, s.access());
                String accept = ctx.header("Accept");
                if (accept == null || !accept.contains("text/event-stream")) {
                    throw new HttpProblem(Problem.of(406, "not-acceptable", "Not acceptable",
                            "this is a Server-Sent Events stream: send 'Accept: text/event-stream'"));
                }
                s.precheck().handle(ctx);
            });
            Consumer<SseClient> consumer = client -> {
                try {
                    s.handler().handle(client, Authentication.user(client.ctx()));
                } catch (Exception e) {
                    org.slf4j.LoggerFactory.getLogger(RouteTable.class).warn("event stream {} ended with an error", s.path(), e);
                    client.close();
                }
            };
            config.sse(s.path(), consumer);
        }
    }

    private Handler guarded(Access access, Handler handler) {
        return ctx -> {
            authentication.require(ctx, access);
            handler.handle(ctx);
        };
    }

    /** The signed-in user of a request that passed a USER or ADMIN check. */
    public static User user(Context ctx) {
        return Authentication.user(ctx);
    }
}

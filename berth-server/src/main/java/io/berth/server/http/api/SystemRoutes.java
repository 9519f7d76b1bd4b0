package io.berth.server.http.api;

import io.berth.core.event.EventBus;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;
import io.berth.server.http.Access;
import io.berth.server.http.RouteTable;
import io.berth.server.metrics.BerthMetrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Liveness, readiness, Prometheus metrics, and the API's own documentation. */
public final class SystemRoutes {
    private final Store store;
    private final ResourceManagers managers;
    private final BerthMetrics metrics;
    private final String openApiYaml;
    private final String openApiJson;
    private final String docsPage;

    public SystemRoutes(Store store, ResourceManagers managers, BerthMetrics metrics, EventBus bus) {
        this.store = store;
        this.managers = managers;
        this.metrics = metrics;
        this.openApiYaml = resource("/openapi.yaml");
        this.openApiJson = OpenApiDocument.yamlToJson(openApiYaml);
        this.docsPage = resource("/docs/index.html").replace("${swaggerUi}", "/webjars/swagger-ui/" + OpenApiDocument.swaggerUiVersion());
    }

    public void register(RouteTable routes) {
        routes.get("/health", Access.PUBLIC, ctx -> ctx.json(Map.of("status", "UP")));
        routes.get("/ready", Access.PUBLIC, ctx -> {
            boolean storeUp = store.isHealthy();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", storeUp ? "READY" : "NOT_READY");
            body.put("store", Map.of("kind", store.kind(), "up", storeUp));
            body.put("resourceTypes", managers.all().stream().map(m -> m.resourceType()).toList());
            ctx.status(storeUp ? 200 : 503).json(body);
        });
        routes.get("/metrics", Access.PUBLIC, ctx ->
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        routes.get("/openapi.yaml", Access.PUBLIC, ctx -> ctx.contentType("application/yaml").result(openApiYaml));
        routes.get("/openapi.json", Access.PUBLIC, ctx -> ctx.contentType("application/json").result(openApiJson));
        routes.get("/docs", Access.PUBLIC, ctx -> ctx.html(docsPage));
    }

    private static String resource(String path) {
        try (InputStream in = SystemRoutes.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing resource " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

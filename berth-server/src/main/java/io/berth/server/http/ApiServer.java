package io.berth.server.http;

import io.berth.server.config.BerthConfig;
import io.berth.server.metrics.BerthMetrics;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** The HTTP server: Jetty through Javalin, on virtual threads, serving the route table over HTTP or HTTPS. */
public final class ApiServer implements AutoCloseable {
    private static final Logger access = LoggerFactory.getLogger("berth.access");
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final Javalin app;

    public ApiServer(RouteTable routes, BerthMetrics metrics, String host, int port) {
        this(routes, metrics, new BerthConfig.Http(host, port));
    }

    public ApiServer(RouteTable routes, BerthMetrics metrics, BerthConfig.Http http) {
        String host = http.host();
        int port = http.port();
        this.app = Javalin.create(config -> {
            if (http.tls() != null) config.jetty.addConnector((server, base) -> httpsConnector(server, base, http));
            config.startup.showJavalinBanner = false;
            config.concurrency.useVirtualThreads = true;
            config.jetty.host = host;
            config.jetty.port = port;
            config.http.maxRequestSize = MAX_BODY_BYTES;
            config.jsonMapper(new JavalinJackson(Json.mapper(), true));
            config.router.ignoreTrailingSlashes = true;
            config.staticFiles.enableWebjars();
            config.requestLogger.http((ctx, ms) -> {
                String route = routeOf(ctx); // the template, so Prometheus gets a bounded set of labels
                metrics.apiRequest(ctx.method().name(), route, ctx.statusCode(), Duration.ofNanos((long) (ms * 1_000_000)));
                access.info("{} {} {} {}ms user={}", ctx.method(), ctx.path(), ctx.statusCode(), String.format("%.1f", ms),
                        Authentication.userIfAny(ctx).map(u -> u.login()).orElse("-"));
            });
            ProblemMapping.register(config.routes);
            routes.registerWith(config.routes);
        });
    }

    /** HTTPS only, on the configured host and port, with the keystore's key; clients may use any host name. */
    private static ServerConnector httpsConnector(org.eclipse.jetty.server.Server server, HttpConfiguration base, BerthConfig.Http http) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(http.tls().keystore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(http.tls().keystorePassword());
        ssl.setKeyStoreType("PKCS12");
        HttpConfiguration https = new HttpConfiguration(base);
        // No SNI host check: a lab reaches Berth by address as often as by the certificate's name.
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
        connector.setHost(http.host());
        connector.setPort(http.port());
        return connector;
    }

    private static String routeOf(io.javalin.http.Context ctx) {
        // Javalin only knows the matched endpoint once routing got that far (not after a failed before-handler).
        try {
            var endpoint = ctx.endpoints().list().isEmpty() ? null : ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (java.util.NoSuchElementException e) {
            return "unmatched";
        }
    }

    public ApiServer start() {
        app.start();
        return this;
    }

    /** The port actually bound (useful when configured as 0). */
    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}

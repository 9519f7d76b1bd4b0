package io.berth.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Loads configuration, sets up logging, starts the server and prints how to reach it. */
final class ServerLauncher {
    private ServerLauncher() {}

    static int run(Path configFile, Map<String, String> overrides, CountDownLatch stop) throws InterruptedException {
        var loader = new io.berth.server.config.ConfigLoader();
        if (configFile != null) loader.file(configFile);
        io.berth.server.config.BerthConfig config;
        try {
            config = loader.environment(System.getenv()).overrides(overrides).load();
        } catch (io.berth.server.config.ConfigException e) {
            System.err.println("berth: " + e.getMessage());
            return 2;
        }
        // Must happen before the first logger is created.
        System.setProperty("logback.configurationFile", config.logFormat().equals("json") ? "logback-json.xml" : "logback-text.xml");

        io.berth.server.BerthServer server;
        try {
            server = io.berth.server.BerthServer.start(config);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(ServerLauncher.class).error("Berth could not start", e);
            System.err.println("berth: could not start: " + e.getMessage());
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "berth-shutdown"));
        printWelcome(server);
        stop.await();
        return 0;
    }

    private static void printWelcome(io.berth.server.BerthServer server) {
        String url = server.baseUri().toString();
        StringBuilder sb = new StringBuilder();
        sb.append("\n  Berth is running at ").append(url).append('\n');
        sb.append("  API documentation:  ").append(url).append("/docs\n");
        sb.append("  Store:              ").append(server.store().kind()).append('\n');
        server.demoCredentials().ifPresent(c -> {
            sb.append("  Demo admin:         ").append(c.adminLogin()).append(" / ").append(c.adminPassword()).append('\n');
            sb.append("  Demo user:          ").append(c.userLogin()).append(" / ").append(c.userPassword()).append('\n');
            sb.append("\n  Try:  curl -s -X POST ").append(url).append("/api/v1/auth/login -H 'Content-Type: application/json' \\\n")
                    .append("          -d '{\"login\":\"").append(c.userLogin()).append("\",\"password\":\"").append(c.userPassword()).append("\"}'\n");
        });
        sb.append("  Stop with Ctrl-C.\n");
        System.out.println(sb);
    }
}

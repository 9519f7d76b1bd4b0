package io.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code berth serve}: runs the server until interrupted. Logging is configured here, before anything logs,
 * because its format (text or JSON) is itself configuration.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Start Berth. With no options: embedded H2 under ./data, in-process event bus, simulated datacenter, demo accounts.")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port (default 8080; 0 picks a free one)")
    Integer port;

    @Option(names = "--data-dir", description = "Folder for the embedded database and demo credentials (default ./data)")
    Path dataDir;

    @Option(names = "--db-url", description = "JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/berth (default: embedded H2)")
    String dbUrl;

    @Option(names = "--config", description = "A properties file of berth.* keys")
    Path configFile;

    @Option(names = "--set", description = "Set any configuration key, e.g. --set berth.sim.boot-time=2s", paramLabel = "KEY=VALUE")
    Map<String, String> settings = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        if (port != null) overrides.put("berth.http.port", port.toString());
        if (dataDir != null) overrides.put("berth.data-dir", dataDir.toString());
        if (dbUrl != null) overrides.put("berth.db.url", dbUrl);
        return ServerLauncher.run(configFile, overrides, new CountDownLatch(1));
    }
}

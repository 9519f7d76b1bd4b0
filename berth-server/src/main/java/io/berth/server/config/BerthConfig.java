package io.berth.server.config;

import io.berth.core.reservation.LifecycleSettings;
import io.berth.rm.sim.SimSettings;

import java.nio.file.Path;

/**
 * Everything an operator can set. Built by {@link ConfigLoader} from defaults, an optional properties file,
 * environment variables and command-line overrides (in rising priority).
 */
public record BerthConfig(Http http, Database database, Path dataDir, Sim sim, LifecycleSettings lifecycle,
                          boolean seedDemo, String logFormat) {

    public record Http(String host, int port) {}

    /** {@code url} null means the embedded H2 file database under the data folder. */
    public record Database(String url, String user, String password, int maxPoolSize) {}

    public record Sim(boolean enabled, SimSettings settings) {}
}

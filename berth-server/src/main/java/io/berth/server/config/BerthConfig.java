package io.berth.server.config;

import io.berth.core.rebalance.RebalanceService;
import io.berth.core.reservation.LifecycleSettings;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.placement.rebalance.RebalanceSettings;
import io.berth.rm.sim.SimSettings;

import java.nio.file.Path;

/**
 * Everything an operator can set. Built by {@link ConfigLoader} from defaults, an optional properties file,
 * environment variables and command-line overrides (in rising priority).
 */
public record BerthConfig(Http http, Database database, Path dataDir, Sim sim, LifecycleSettings lifecycle,
                          boolean seedDemo, String logFormat, LoadMonitorSettings load, Rebalance rebalance, Path pluginsDir) {

    public record Http(String host, int port) {}

    /** {@code url} null means the embedded H2 file database under the data folder. */
    public record Database(String url, String user, String password, int maxPoolSize) {}

    public record Sim(boolean enabled, SimSettings settings) {}

    /** When and how the rebalancer runs (the schedule is the core's, the decisions the resource manager's). */
    public record Rebalance(RebalanceService.Settings schedule, RebalanceSettings decisions) {}

    /** The defaults of everything not given, keeping the rest (for tests and embedding). */
    public BerthConfig(Http http, Database database, Path dataDir, Sim sim, LifecycleSettings lifecycle, boolean seedDemo, String logFormat) {
        this(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, LoadMonitorSettings.defaults(),
                new Rebalance(RebalanceService.Settings.defaults(), RebalanceSettings.defaults()), dataDir.resolve("plugins"));
    }

    public BerthConfig withLoad(LoadMonitorSettings l) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, l, rebalance, pluginsDir);
    }

    public BerthConfig withRebalance(Rebalance r) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, load, r, pluginsDir);
    }

    public BerthConfig withSim(Sim s) {
        return new BerthConfig(http, database, dataDir, s, lifecycle, seedDemo, logFormat, load, rebalance, pluginsDir);
    }

    public BerthConfig withPluginsDir(Path p) {
        return new BerthConfig(http, database, dataDir, sim, lifecycle, seedDemo, logFormat, load, rebalance, p);
    }
}

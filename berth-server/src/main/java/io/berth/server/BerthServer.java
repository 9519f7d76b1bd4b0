package io.berth.server;

import io.berth.core.BerthCore;
import io.berth.core.event.InProcessEventBus;
import io.berth.core.resource.ResourceManager;
import io.berth.core.store.Store;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.plugin.PipelineParts;
import io.berth.placement.plugin.PipelinePolicy;
import io.berth.placement.plugin.PluginLoader;
import io.berth.placement.plugin.PluginReport;
import io.berth.placement.remote.RemotePolicy;
import io.berth.placement.rebalance.Rebalancer;
import io.berth.metrics.LoadMonitor;
import io.berth.server.http.api.PlacementRoutes;
import io.berth.rm.sim.SimulatedResourceManager;
import io.berth.rm.vsphere.VsphereResourceManager;
import io.berth.server.auth.Argon2PasswordHasher;
import io.berth.server.config.BerthConfig;
import io.berth.server.http.ApiServer;
import io.berth.server.http.Authentication;
import io.berth.server.http.RouteTable;
import io.berth.server.http.api.AccountRoutes;
import io.berth.server.http.api.AuthRoutes;
import io.berth.server.http.api.ImageRoutes;
import io.berth.server.http.api.InventoryRoutes;
import io.berth.server.http.api.ReservationRoutes;
import io.berth.server.http.api.SystemRoutes;
import io.berth.server.metrics.BerthMetrics;
import io.berth.server.seed.DemoSeed;
import io.berth.store.jdbc.DatabaseSettings;
import io.berth.store.jdbc.JdbcStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A running Berth: store, event bus, resource managers, core and HTTP API, wired from a {@link BerthConfig}.
 * Closing it stops them in reverse order.
 */
public final class BerthServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BerthServer.class);

    private final Store store;
    private final InProcessEventBus bus;
    private final List<ResourceManager> managers;
    private final BerthCore core;
    private final ApiServer api;
    private final RouteTable routes;
    private final SimulatedResourceManager sim;
    private final VsphereResourceManager vsphere;
    private final PolicyRegistry policies;
    private final PluginReport plugins;
    private final DemoSeed.Credentials demoCredentials;
    private final URI baseUri;

    private BerthServer(BerthConfig config, Clock clock) {
        JdbcStore openedStore = null;
        InProcessEventBus openedBus = null;
        BerthCore openedCore = null;
        try {
            openedStore = JdbcStore.open(config.database().url() == null
                    ? DatabaseSettings.h2File(config.dataDir())
                    : new DatabaseSettings(config.database().url(), config.database().user(), config.database().password(),
                    config.database().maxPoolSize()));
            openedStore.claimSoleWriter();
            this.store = openedStore;
            openedBus = new InProcessEventBus(store, InProcessEventBus.Settings.defaults());
            this.bus = openedBus;
            BerthMetrics metrics = new BerthMetrics(store);
            this.managers = new ArrayList<>();
            this.policies = PolicyRegistry.withBuiltIns();
            PipelineParts parts = PipelineParts.withBuiltIns();
            PipelinePolicy.register(policies, parts, java.util.random.RandomGenerator.of("L64X128MixRandom"));
            RemotePolicy.register(policies, java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
            this.plugins = PluginLoader.load(config.pluginsDir(), policies, parts);
            if (!plugins.jars().isEmpty()) {
                log.info("plug-ins from {}: policies {}, {} error(s)", config.pluginsDir(), plugins.policies(), plugins.errors().size());
            }
            this.sim = config.sim().enabled() ? simulatedDatacenter(config, clock, policies) : null;
            if (sim != null) managers.add(sim);
            this.vsphere = config.vsphere() == null ? null : vsphereDatacenter(config, clock, policies);
            if (vsphere != null) managers.add(vsphere);
            openedCore = new BerthCore(store, bus, managers, Argon2PasswordHasher.owaspDefaults(),
                    new BerthCore.Options(config.lifecycle(), clock, metrics, Duration.ofHours(12), true, config.rebalance().schedule()));
            this.core = openedCore;
            this.demoCredentials = config.seedDemo() && sim != null ? DemoSeed.ensure(core, config.dataDir()) : null;

            this.routes = new RouteTable(new Authentication(core.accounts()));
            new SystemRoutes(store, core.managers(), metrics, bus).register(routes);
            new AuthRoutes(core.accounts()).register(routes);
            new ImageRoutes(core.images()).register(routes);
            new ReservationRoutes(core.reservations(), store, bus).register(routes);
            new InventoryRoutes(core.inventory(), core.managers(), store).register(routes);
            new PlacementRoutes(core.managers(), core.rebalance(), plugins).register(routes);
            new AccountRoutes(core.accounts()).register(routes);
            new io.berth.server.http.api.EventRoutes(core.reservations(), bus).register(routes);
            new io.berth.server.http.api.ApiCallRoutes(store).register(routes);
            if (config.xmlrpc().enabled()) {
                new io.berth.server.xmlrpc.XmlRpcRoutes(core, config.xmlrpc(), config.lifecycle(), clock).register(routes);
            }
            this.api = new ApiServer(routes, metrics, config.http()).start();
        } catch (RuntimeException e) {
            // Leave nothing running behind a failed start (pools and bus threads would keep the JVM alive).
            if (openedCore != null) openedCore.close();
            if (openedBus != null) openedBus.close();
            if (openedStore != null) openedStore.close();
            throw e;
        }
        String shownHost = config.http().host().equals("0.0.0.0") ? "localhost" : config.http().host();
        this.baseUri = URI.create(config.http().scheme() + "://" + shownHost + ":" + api.port());
        log.info("Berth is up at {} (store: {}, resource types: {})", baseUri, store.kind(),
                managers.stream().map(ResourceManager::resourceType).toList());
    }

    /**
     * The simulated datacenter with real feedback: hosts report load into a load monitor (VMs into another, for
     * the rebalancer), which the placement engine and the rebalancer read.
     */
    private static SimulatedResourceManager simulatedDatacenter(BerthConfig config, Clock clock, PolicyRegistry policies) {
        LoadMonitor hostLoads = new LoadMonitor(config.load(), clock);
        LoadMonitor vmLoads = new LoadMonitor(config.load(), clock);
        var sim = config.sim().settings();
        Duration visibleAfter = sim.bootTime().plus(sim.bootJitter()).plus(config.load().interval());
        PlacementEngine engine = new PlacementEngine(policies, clock, hostLoads, visibleAfter);
        Rebalancer rebalancer = new Rebalancer(config.rebalance().decisions(), hostLoads, vmLoads, clock);
        return new SimulatedResourceManager(engine, sim, clock, vmLoads, rebalancer);
    }

    /**
     * ESX hosts under vCenter, placed by Berth with the same live feedback: vCenter's performance counters feed the
     * load model that placement and the rebalancer read.
     */
    private static VsphereResourceManager vsphereDatacenter(BerthConfig config, Clock clock, PolicyRegistry policies) {
        var settings = config.vsphere();
        LoadMonitor hostLoads = new LoadMonitor(config.load(), clock);
        LoadMonitor vmLoads = new LoadMonitor(config.load(), clock);
        // A new VM shows in its host's counters once it is cloned, booted and sampled: minutes, not seconds.
        PlacementEngine engine = new PlacementEngine(policies, clock, hostLoads, Duration.ofMinutes(3).plus(settings.sampleInterval()));
        Rebalancer rebalancer = new Rebalancer(config.rebalance().decisions(), hostLoads, vmLoads, clock);
        return new VsphereResourceManager(settings, engine, vmLoads, rebalancer, clock);
    }

    public static BerthServer start(BerthConfig config) {
        // Milliseconds: finer than any lifecycle timing, and every store keeps them exactly.
        return start(config, Clock.tickMillis(java.time.ZoneOffset.UTC));
    }

    public static BerthServer start(BerthConfig config, Clock clock) {
        return new BerthServer(config, clock);
    }

    public URI baseUri() { return baseUri; }
    public BerthCore core() { return core; }
    public Store store() { return store; }
    public InProcessEventBus bus() { return bus; }
    public RouteTable routes() { return routes; }
    public Optional<SimulatedResourceManager> sim() { return Optional.ofNullable(sim); }
    public Optional<VsphereResourceManager> vsphere() { return Optional.ofNullable(vsphere); }
    public PolicyRegistry policies() { return policies; }
    public PluginReport plugins() { return plugins; }
    public Optional<DemoSeed.Credentials> demoCredentials() { return Optional.ofNullable(demoCredentials); }

    @Override
    public void close() {
        api.close();
        // Events stop first: a subscriber still delivering would hand work to lifecycle workers that are shutting down.
        bus.close();
        core.close();
        managers.forEach(ResourceManager::close);
        store.close();
    }
}

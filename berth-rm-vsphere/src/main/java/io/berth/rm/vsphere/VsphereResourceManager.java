package io.berth.rm.vsphere;

import io.berth.core.domain.Host;
import io.berth.core.domain.Pool;
import io.berth.core.rebalance.Rebalancing;
import io.berth.core.resource.Instance;
import io.berth.core.resource.LoadReport;
import io.berth.core.resource.MigrationException;
import io.berth.core.resource.MigrationRequest;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.resource.PolicyDescription;
import io.berth.core.resource.PolicySettingException;
import io.berth.core.resource.ProvisionRequest;
import io.berth.core.resource.ProvisioningException;
import io.berth.core.resource.ReclaimRequest;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagerContext;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.LoadReports;
import io.berth.placement.PlacementEngine;
import io.berth.rm.vsphere.soap.VimClient;
import io.berth.rm.vsphere.soap.VimException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * ESX hosts under vCenter as a Berth resource type ("vsphere"). Berth's placement controller, not DRS, picks the host
 * of every VM; the VM is cloned onto that host, measured there, and moved only by Berth (vMotion) when the
 * rebalancer or a maintenance drain decides. In the background it keeps Berth's hosts in line with vCenter's
 * (inventory), feeds the load model (metrics) and makes vCenter and Berth agree on which VMs exist (reconciliation).
 * If vCenter is unreachable, Berth keeps running: provisioning fails with that cause, and the background work
 * tries again on its next round.
 */
public final class VsphereResourceManager implements ResourceManager {
    public static final String TYPE = "vsphere";
    private static final Logger log = LoggerFactory.getLogger(VsphereResourceManager.class);

    private final VsphereSettings settings;
    private final PlacementEngine placement;
    private final Rebalancing rebalancing;
    private final VimClient client;
    private final VsphereInventory inventory;
    private final HostDirectory directory = new HostDirectory();
    private final Provisioner provisioner;
    private final Reconciler reconciler;
    private final MetricsPoller metrics;
    private final Vmotion vmotion;
    private volatile ResourceManagerContext context;
    private volatile List<EsxHost> esxHosts = List.of();
    private ScheduledExecutorService background;

    /**
     * @param placement   the placement engine over the host load model this manager feeds
     * @param vmLoads     where each VM's own load goes (for the rebalancer), or null
     * @param rebalancing the rebalancer over the same load model, or null for none
     */
    public VsphereResourceManager(VsphereSettings settings, PlacementEngine placement, LoadMonitor vmLoads, Rebalancing rebalancing, Clock clock) {
        this.settings = settings;
        this.placement = placement;
        this.rebalancing = rebalancing;
        this.client = new VimClient(settings.endpoint());
        VmNaming naming = new VmNaming(settings.vmPrefix());
        this.inventory = new VsphereInventory(client, settings, naming);
        this.provisioner = new Provisioner(client, inventory, settings, naming);
        this.reconciler = new Reconciler(TYPE, inventory, provisioner, client.properties(), settings.orphanGrace(), clock);
        this.metrics = placement.monitor() == null ? null : new MetricsPoller(client, inventory, placement.monitor(), vmLoads, clock);
        this.vmotion = new Vmotion(client, inventory, naming, placement.monitor(), vmLoads, settings.taskTimeout(), settings.sampleInterval(), clock);
    }

    @Override
    public String resourceType() {
        return TYPE;
    }

    @Override
    public List<PolicyDescription> policies() {
        return placement.policies().describe();
    }

    @Override
    public void checkPolicy(String policy, Map<String, String> policySettings) {
        placement.policies().check(policy, policySettings);
        if (placement.monitor() == null && placement.policies().controllerFor(new Pool(-1, "check", TYPE, "", policy, policySettings)).usesLiveLoad()) {
            throw new PolicySettingException("placementPolicy", "policy " + policy + " needs live load, which is not measured here");
        }
    }

    /** Starts the background work; the first inventory sync and reconciliation run at once (without blocking the start). */
    @Override
    public void start(ResourceManagerContext context) {
        this.context = context;
        background = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("vsphere").factory());
        background.execute(() -> guarded("first inventory sync", this::refreshInventory));
        background.execute(() -> guarded("first reconciliation", this::reconcile));
        background.scheduleWithFixedDelay(() -> guarded("inventory sync", this::refreshInventory),
                settings.inventoryInterval().toMillis(), settings.inventoryInterval().toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(() -> guarded("reconciliation", this::reconcile),
                settings.reconcileInterval().toMillis(), settings.reconcileInterval().toMillis(), TimeUnit.MILLISECONDS);
        if (metrics != null) {
            background.scheduleWithFixedDelay(() -> guarded("metrics", this::sample), settings.sampleInterval().toMillis(),
                    settings.sampleInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        log.info("vSphere resource manager for {} started (TLS trusts {})", settings.url(), settings.trust().describe());
    }

    private interface Work {
        void run() throws VimException;
    }

    private void guarded(String what, Work work) {
        try {
            work.run();
        } catch (VimException | RuntimeException e) {
            if (background.isShutdown()) return; // interrupted by close(): nothing to report
            if (e instanceof VimException v) log.warn("vSphere {} failed; trying again next round: {}", what, Faults.explain(v));
            else log.warn("vSphere {} failed; trying again next round", what, e);
        }
    }

    /**
     * Reads vCenter's hosts and makes Berth's inventory follow (new hosts, capacity, maintenance, disconnection).
     * Public so tests and operators' tools can run it on demand.
     */
    public List<Host> refreshInventory() throws VimException {
        ResourceManagerContext c = requireStarted();
        List<EsxHost> found = inventory.hosts();
        if (found.isEmpty() && !directory.all().isEmpty()) {
            // Every host gone at once is a permission or scope change far more often than a dismantled cluster:
            // taking it literally would fail every running reservation.
            log.warn("vCenter reports no host in {} any more; keeping Berth's {} host(s) as they are until it does",
                    settings.cluster() == null ? "the datacenter" : "cluster " + settings.cluster(), directory.all().size());
            return directory.all();
        }
        esxHosts = List.copyOf(found);
        List<Host> hosts = c.syncHosts(TYPE, settings.pool(), found.stream().map(h -> h.discovered(settings.vcpuRatio())).toList());
        directory.update(hosts);
        if (metrics != null) metrics.clockOffset(inventory.clockOffset());
        return hosts;
    }

    /** One reconciliation pass now (see {@link Reconciler}); returns what it did. */
    public String reconcile() throws VimException {
        Reconciler.Outcome o = reconciler.reconcile(requireStarted());
        return "destroyed " + o.destroyed() + ", failed " + o.failed() + ", " + o.orphansWaiting() + " orphan(s) in their grace period, "
                + "moved outside Berth " + o.movedOutsideBerth();
    }

    /** One metrics round now. */
    public void sample() throws VimException {
        if (metrics == null) return;
        if (directory.all().isEmpty()) refreshInventory();
        metrics.sample(directory.all(), esxHosts);
    }

    private ResourceManagerContext requireStarted() {
        ResourceManagerContext c = context;
        if (c == null) throw new IllegalStateException("the vSphere resource manager has not been started");
        return c;
    }

    @Override
    public PlacementDecision place(PlacementRequest request) {
        return placement.place(request);
    }

    @Override
    public void placementAbandoned(long reservationId, long hostId) {
        placement.abandon(reservationId);
    }

    @Override
    public Instance provision(ProvisionRequest request) throws ProvisioningException {
        return provisioner.provision(request);
    }

    @Override
    public void reclaim(ReclaimRequest request) throws VimException {
        placement.abandon(request.reservationId());
        provisioner.destroy(request.reservationId(), request.instanceId());
    }

    @Override
    public boolean canMigrate() {
        return true;
    }

    @Override
    public void migrate(MigrationRequest request) throws MigrationException {
        vmotion.migrate(request);
    }

    @Override
    public Optional<Rebalancing> rebalancing() {
        return Optional.ofNullable(rebalancing);
    }

    @Override
    public Optional<LoadReport> load(long hostId) {
        LoadMonitor monitor = placement.monitor();
        return monitor == null ? Optional.empty() : Optional.of(LoadReports.of(monitor, hostId));
    }

    @Override
    public void close() {
        if (background != null) {
            background.shutdownNow();
            try {
                background.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        client.close();
    }
}

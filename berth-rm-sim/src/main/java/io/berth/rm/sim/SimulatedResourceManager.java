package io.berth.rm.sim;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.HostState;
import io.berth.core.domain.ResourceClass;
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
import io.berth.metrics.HostLoad;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.PlacementEngine;
import io.berth.rm.sim.profile.ProfileSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Berth's embedded datacenter: every host of resource type "sim" is a simulated hypervisor. Provisioning takes a
 * realistic boot time and can be made to fail; a host can be crashed; VMs follow utilisation profiles
 * (synthetic or replayed PlanetLab traces) and hosts report the resulting load, so load-aware placement and
 * the rebalancer work on it as on real hypervisors; live migration takes memory / bandwidth.
 */
public final class SimulatedResourceManager implements ResourceManager {
    public static final String TYPE = "sim";
    private static final Logger log = LoggerFactory.getLogger(SimulatedResourceManager.class);
    private static final char[] PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final PlacementEngine placement;
    private final SimSettings settings;
    private final Clock clock;
    private final Rebalancing rebalancing;
    private final SimSampler sampler;
    private final ProfileSpec defaultProfile;
    private final Map<String, ProfileSpec> imageProfiles = new LinkedHashMap<>();
    private final Random random;
    private final SecureRandom passwords = new SecureRandom();
    private final Map<Long, SimInstance> instances = new ConcurrentHashMap<>();
    private final Set<Long> crashedHosts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger vmCounter = new AtomicInteger();
    private volatile double failureProbability;
    private volatile ResourceManagerContext context;
    private ScheduledExecutorService sampling;

    /**
     * @param vmLoads     where each VM's own load is reported (for the rebalancer), or null
     * @param rebalancing the rebalancer working on this manager's load model, or null for none
     */
    public SimulatedResourceManager(PlacementEngine placement, SimSettings settings, Clock clock, LoadMonitor vmLoads,
                                    Rebalancing rebalancing) {
        this.placement = placement;
        this.settings = settings;
        this.clock = clock;
        this.rebalancing = rebalancing;
        this.random = new Random(settings.seed());
        this.failureProbability = settings.failureProbability();
        this.defaultProfile = ProfileSpec.parse(settings.defaultProfile());
        settings.imageProfiles().forEach((image, spec) -> imageProfiles.put(image, ProfileSpec.parse(spec)));
        this.sampler = placement.monitor() == null ? null : new SimSampler(placement.monitor(), vmLoads);
    }

    /** Placement without live load, no rebalancer: enough for round robin. */
    public SimulatedResourceManager(PlacementEngine placement, SimSettings settings) {
        this(placement, settings, Clock.systemUTC(), null, null);
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
        if (placement.monitor() == null && placement.policies().controllerFor(
                new io.berth.core.domain.Pool(-1, "check", TYPE, "", policy, policySettings)).usesLiveLoad()) {
            throw new PolicySettingException("placementPolicy", "policy " + policy + " needs live load, which is not measured here");
        }
    }

    @Override
    public void start(ResourceManagerContext context) {
        this.context = context;
        if (sampler != null && settings.sampleInterval().toMillis() > 0) {
            sampling = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sim-sampler").factory());
            long period = settings.sampleInterval().toMillis();
            sampling.scheduleAtFixedRate(() -> {
                try {
                    sampleNow();
                } catch (RuntimeException e) {
                    log.warn("simulated load sampling failed", e);
                }
            }, 0, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Every live host reports its load now (the timer calls this; tests that move the clock call it themselves). */
    public void sampleNow() {
        ResourceManagerContext c = context;
        if (sampler == null || c == null) return;
        sampler.sample(c.hosts(TYPE), instances.values(), crashedHosts, clock.instant());
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
        SimInstance existing = instances.get(request.reservationId());
        if (existing != null) return existing.instance();
        if (crashedHosts.contains(request.host().id())) {
            throw new ProvisioningException("simulated host " + request.host().name() + " is down", false);
        }
        simulate(bootTime(), "provisioning");
        if (crashedHosts.contains(request.host().id())) {
            throw new ProvisioningException("simulated host " + request.host().name() + " went down during boot", false);
        }
        if (nextDouble() < failureProbability) {
            throw new ProvisioningException("simulated boot failure of " + request.image().name() + " on " + request.host().name(), true);
        }
        int vm = vmCounter.incrementAndGet();
        String address = "10.77." + (request.host().id() % 250) + "." + (vm % 250 + 2);
        List<ConnectData.Endpoint> endpoints = request.image().connectMethods().stream()
                .map(m -> new ConnectData.Endpoint(m.name(), m.protocol(), m.port())).toList();
        Instance instance = new Instance("sim-vm-" + vm, new ConnectData(address, endpoints, request.owner().login(), oneTimePassword()));
        ProfileSpec spec = imageProfiles.getOrDefault(request.image().name(), defaultProfile);
        instances.put(request.reservationId(), new SimInstance(request.reservationId(), request.host().id(), instance,
                request.image().minimum().get(ResourceClass.VCPU), request.image().minimum().get(ResourceClass.MEMORY_MB),
                spec.forVm(request.reservationId(), clock.instant())));
        log.info("simulated instance {} of reservation {} up on {} at {}", instance.instanceId(), request.reservationId(),
                request.host().name(), address);
        return instance;
    }

    @Override
    public void reclaim(ReclaimRequest request) {
        SimInstance removed = instances.remove(request.reservationId());
        placement.abandon(request.reservationId());
        if (removed != null) {
            log.info("simulated instance {} of reservation {} destroyed", removed.instance().instanceId(), request.reservationId());
        }
    }

    @Override
    public boolean canMigrate() {
        return true;
    }

    /** Copies memory at the configured bandwidth; the VM keeps running on the source until the copy is done. */
    @Override
    public void migrate(MigrationRequest request) throws MigrationException {
        SimInstance vm = instances.get(request.reservationId());
        if (vm == null) throw new MigrationException("simulated instance of reservation " + request.reservationId() + " does not exist", false);
        if (crashedHosts.contains(request.to().id())) throw new MigrationException("target host " + request.to().name() + " is down", false);
        Duration copy = Duration.ofMillis((long) Math.ceil(vm.memoryMb() * 8.0 / settings.migrationMbps() * 1000));
        LoadMonitor monitor = placement.monitor();
        String key = "migration-" + request.reservationId();
        if (monitor != null) {
            HostLoad source = monitor.load(request.from().id());
            double share = source.samples() == 0 ? 0 : vm.vcpus() * vm.profile().at(clock.instant())
                    / Math.max(1, request.to().inventory(ResourceClass.VCPU).map(v -> v.total() - v.reserved()).orElse(1L));
            monitor.addPending(request.to().id(), key, share, vm.memoryMb(), clock.instant().plus(copy).plus(settings.sampleInterval()));
        }
        try {
            simulate(copy, "migration");
        } catch (ProvisioningException e) {
            if (monitor != null) monitor.removePending(key);
            throw new MigrationException(e.getMessage(), true);
        }
        if (crashedHosts.contains(request.to().id()) || !instances.containsKey(request.reservationId())) {
            if (monitor != null) monitor.removePending(key);
            throw new MigrationException("target host " + request.to().name() + " went down during the migration", false);
        }
        instances.computeIfPresent(request.reservationId(), (id, i) -> i.onHost(request.to().id()));
        log.info("simulated instance of reservation {} migrated {} -> {} in {} ms", request.reservationId(),
                request.from().name(), request.to().name(), copy.toMillis());
    }

    @Override
    public Optional<Rebalancing> rebalancing() {
        return Optional.ofNullable(rebalancing);
    }

    @Override
    public Optional<LoadReport> load(long hostId) {
        LoadMonitor monitor = placement.monitor();
        if (monitor == null) return Optional.empty();
        HostLoad l = monitor.load(hostId);
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("samples", (double) l.samples());
        if (l.samples() > 0) {
            figures.put("cpu", l.cpu());
            figures.put("cpuEwma", l.cpuEwma());
            figures.put("cpuP50", l.cpuP50());
            figures.put("cpuP95", l.cpuP95());
            figures.put("cpuMad", l.cpuMad());
            figures.put("cpuIqr", l.cpuIqr());
            figures.put("cpuForecast", l.cpuForecast());
            figures.put("memory", l.memoryFraction());
            figures.put("memoryEwma", l.memoryEwma());
            figures.put("vmCount", (double) l.vmCount());
        }
        figures.put("pendingCpu", l.pendingCpu());
        figures.put("pendingMemoryMb", l.pendingMemoryMb());
        if (Double.isFinite(l.effectiveCpu())) figures.put("effectiveCpu", l.effectiveCpu());
        if (Double.isFinite(l.projectedCpu())) figures.put("projectedCpu", l.projectedCpu());
        return Optional.of(new LoadReport(hostId, l.lastSampleAt(), Double.isFinite(l.ageSeconds()) ? l.ageSeconds() : null,
                l.stale(), figures));
    }

    @Override
    public void close() {
        if (sampling != null) sampling.shutdownNow();
    }

    // --- fault injection and inspection (tests, demos) ---

    /** Crashes a host: its instances vanish, it stops reporting load, and the core hears that it is DOWN. */
    public void crashHost(long hostId, String reason) {
        crashedHosts.add(hostId);
        instances.values().removeIf(i -> i.hostId() == hostId);
        ResourceManagerContext c = context;
        if (c != null) c.hostStateChanged(hostId, HostState.DOWN, reason);
    }

    /** Brings a crashed host back (empty) and AVAILABLE. */
    public void repairHost(long hostId) {
        crashedHosts.remove(hostId);
        ResourceManagerContext c = context;
        if (c != null) c.hostStateChanged(hostId, HostState.AVAILABLE, "repaired");
    }

    public void setFailureProbability(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("probability must be in [0, 1]");
        this.failureProbability = p;
    }

    public Collection<SimInstance> instances() {
        return List.copyOf(instances.values());
    }

    /** Waits as long as the simulated operation takes: this is the behaviour being simulated, not a wait in a test. */
    private static void simulate(Duration d, String what) throws ProvisioningException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException(what + " interrupted (shutdown)", true, e);
        }
    }

    private Duration bootTime() {
        long mean = settings.bootTime().toMillis();
        long jitter = settings.bootJitter().toMillis();
        long spread = jitter == 0 ? 0 : (long) ((nextDouble() * 2 - 1) * jitter);
        return Duration.ofMillis(Math.max(0, mean + spread));
    }

    private synchronized double nextDouble() {
        return random.nextDouble();
    }

    private String oneTimePassword() {
        char[] p = new char[14];
        for (int i = 0; i < p.length; i++) p[i] = PASSWORD_CHARS[passwords.nextInt(PASSWORD_CHARS.length)];
        return new String(p);
    }
}

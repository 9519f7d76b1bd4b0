package io.berth.rm.sim;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.HostState;
import io.berth.core.resource.HostEvents;
import io.berth.core.resource.Instance;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.resource.ProvisionRequest;
import io.berth.core.resource.ProvisioningException;
import io.berth.core.resource.ReclaimRequest;
import io.berth.core.resource.ResourceManager;
import io.berth.placement.PlacementEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Berth's embedded datacenter: every host of resource type "sim" is a simulated hypervisor. Provisioning takes
 * a realistic boot time and can be made to fail; a host can be crashed. It keeps its own record of the
 * instances it runs, so tests can check that nothing leaks.
 */
public final class SimulatedResourceManager implements ResourceManager {
    public static final String TYPE = "sim";
    private static final Logger log = LoggerFactory.getLogger(SimulatedResourceManager.class);
    private static final char[] PASSWORD_CHARS = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final PlacementEngine placement;
    private final SimSettings settings;
    private final Random random;
    private final SecureRandom passwords = new SecureRandom();
    private final Map<Long, SimInstance> instances = new ConcurrentHashMap<>();
    private final Set<Long> crashedHosts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger vmCounter = new AtomicInteger();
    private volatile double failureProbability;
    private volatile HostEvents hostEvents;

    public SimulatedResourceManager(PlacementEngine placement, SimSettings settings) {
        this.placement = placement;
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.failureProbability = settings.failureProbability();
    }

    @Override
    public String resourceType() {
        return TYPE;
    }

    @Override
    public List<String> placementPolicies() {
        return placement.policies().names();
    }

    @Override
    public void start(HostEvents events) {
        this.hostEvents = events;
    }

    @Override
    public PlacementDecision place(PlacementRequest request) {
        return placement.place(request);
    }

    @Override
    public Instance provision(ProvisionRequest request) throws ProvisioningException {
        SimInstance existing = instances.get(request.reservationId());
        if (existing != null) return existing.instance();
        if (crashedHosts.contains(request.host().id())) {
            throw new ProvisioningException("simulated host " + request.host().name() + " is down", false);
        }
        try {
            Thread.sleep(bootTime()); // the simulated boot: this is the behaviour being simulated, not a wait in a test
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("provisioning interrupted (shutdown)", true, e);
        }
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
        instances.put(request.reservationId(), new SimInstance(request.reservationId(), request.host().id(), instance));
        log.info("simulated instance {} of reservation {} up on {} at {}", instance.instanceId(), request.reservationId(),
                request.host().name(), address);
        return instance;
    }

    @Override
    public void reclaim(ReclaimRequest request) {
        SimInstance removed = instances.remove(request.reservationId());
        if (removed != null) {
            log.info("simulated instance {} of reservation {} destroyed", removed.instance().instanceId(), request.reservationId());
        }
    }

    // --- fault injection and inspection (tests, demos) ---

    /** Crashes a host: its instances vanish and the core hears that it is DOWN. */
    public void crashHost(long hostId, String reason) {
        crashedHosts.add(hostId);
        instances.values().removeIf(i -> i.hostId() == hostId);
        HostEvents events = hostEvents;
        if (events != null) events.hostStateChanged(hostId, HostState.DOWN, reason);
    }

    /** Brings a crashed host back (empty) and AVAILABLE. */
    public void repairHost(long hostId) {
        crashedHosts.remove(hostId);
        HostEvents events = hostEvents;
        if (events != null) events.hostStateChanged(hostId, HostState.AVAILABLE, "repaired");
    }

    public void setFailureProbability(double p) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("probability must be in [0, 1]");
        this.failureProbability = p;
    }

    public Collection<SimInstance> instances() {
        return List.copyOf(instances.values());
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

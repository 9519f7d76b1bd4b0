package io.berth.placement;

import io.berth.core.domain.Pool;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.policy.RoundRobinController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Placement policies by name, and one controller per pool. A pool whose policy or settings change gets a
 * fresh controller on its next placement, so admins can switch policies at run time.
 */
public final class PolicyRegistry {
    private final Map<String, Function<Pool, PlacementController>> factories = new LinkedHashMap<>();
    private final Map<Long, PoolController> perPool = new ConcurrentHashMap<>();

    private record PoolController(String policy, Map<String, String> settings, PlacementController controller) {}

    /** Round robin first (the default), then any others registered. */
    public static PolicyRegistry withBuiltIns() {
        PolicyRegistry registry = new PolicyRegistry();
        registry.register(RoundRobinController.NAME, pool -> new RoundRobinController(FilterChain.standard()));
        return registry;
    }

    public synchronized void register(String name, Function<Pool, PlacementController> factory) {
        if (factories.putIfAbsent(name, factory) != null) throw new IllegalArgumentException("policy " + name + " already registered");
    }

    public synchronized List<String> names() {
        return new ArrayList<>(factories.keySet());
    }

    public PlacementController controllerFor(Pool pool) {
        PoolController current = perPool.get(pool.id());
        if (current != null && current.policy().equals(pool.placementPolicy()) && current.settings().equals(pool.policySettings())) {
            return current.controller();
        }
        Function<Pool, PlacementController> factory;
        synchronized (this) {
            factory = factories.get(pool.placementPolicy());
        }
        if (factory == null) throw new NoSuchElementException("unknown placement policy " + pool.placementPolicy());
        PoolController fresh = new PoolController(pool.placementPolicy(), pool.policySettings(), factory.apply(pool));
        perPool.put(pool.id(), fresh);
        return fresh.controller();
    }
}

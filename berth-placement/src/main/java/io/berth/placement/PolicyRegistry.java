package io.berth.placement;

import io.berth.core.domain.Pool;
import io.berth.core.resource.PolicyDescription;
import io.berth.core.resource.PolicySettingException;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.policy.PolicySettings;
import io.berth.placement.policy.RoundRobinController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * Placement policies by name, and one controller per pool. A pool whose policy or settings change gets a
 * fresh controller on its next placement, so admins switch policies at run time.
 */
public final class PolicyRegistry {

    /** Makes a controller for a pool from its settings; reads every setting it knows through {@link PolicySettings}. */
    @FunctionalInterface
    public interface Factory {
        PlacementController create(Pool pool, PolicySettings settings);
    }

    private record Entry(String description, Factory factory) {}

    private record PoolController(String policy, Map<String, String> settings, PlacementController controller) {}

    private final Map<String, Entry> factories = new LinkedHashMap<>();
    private final Map<Long, PoolController> perPool = new ConcurrentHashMap<>();

    /** Round robin first (the default), then least-loaded, balanced and packing. */
    public static PolicyRegistry withBuiltIns(RandomGenerator random) {
        PolicyRegistry r = new PolicyRegistry();
        r.register(RoundRobinController.NAME, "hosts take turns in id order; ignores live load", BuiltInPolicies::roundRobin);
        r.register(BuiltInPolicies.LEAST_LOADED, "the host with the lowest live CPU load (EWMA, latest sample and pending placements)",
                (p, s) -> BuiltInPolicies.leastLoaded(p, s, random));
        r.register(BuiltInPolicies.BALANCED, "forecast headroom on the tightest resource, and an even pool",
                (p, s) -> BuiltInPolicies.balanced(p, s, random));
        r.register(BuiltInPolicies.PACKING, "the fullest host under a CPU ceiling: consolidation onto few hosts",
                (p, s) -> BuiltInPolicies.packing(p, s, random));
        return r;
    }

    public static PolicyRegistry withBuiltIns() {
        return withBuiltIns(RandomGenerator.of("L64X128MixRandom"));
    }

    public synchronized void register(String name, String description, Factory factory) {
        if (factories.putIfAbsent(name, new Entry(description, factory)) != null) {
            throw new IllegalArgumentException("policy " + name + " already registered");
        }
    }

    public synchronized List<String> names() {
        return new ArrayList<>(factories.keySet());
    }

    /** Every policy with its description and the settings it takes (read by building one for a blank pool). */
    public synchronized List<PolicyDescription> describe() {
        List<PolicyDescription> out = new ArrayList<>();
        for (var e : factories.entrySet()) {
            PolicySettings s = new PolicySettings(Map.of());
            try {
                e.getValue().factory().create(new Pool(0, "example", "", "", e.getKey(), Map.of()), s);
            } catch (PolicySettingException required) {
                // A policy with a required setting (the http policy's url) still lists what it read.
            }
            out.add(new PolicyDescription(e.getKey(), e.getValue().description(), s.known()));
        }
        return out;
    }

    /** Builds the policy once with these settings; throws {@link PolicySettingException} naming a bad one. */
    public void check(String policy, Map<String, String> settings) {
        Entry entry = entry(policy);
        PolicySettings s = new PolicySettings(settings);
        entry.factory().create(new Pool(0, "check", "", "", policy, settings), s);
        s.rejectUnknown();
    }

    /** A fresh controller of a policy for a pool, outside the per-pool cache (e.g. a fallback inside another policy). */
    public PlacementController create(String policy, Pool pool, Map<String, String> settings) {
        return entry(policy).factory().create(pool, new PolicySettings(settings));
    }

    public PlacementController controllerFor(Pool pool) {
        PoolController current = perPool.get(pool.id());
        if (current != null && current.policy().equals(pool.placementPolicy()) && current.settings().equals(pool.policySettings())) {
            return current.controller();
        }
        PolicySettings s = new PolicySettings(pool.policySettings());
        PlacementController controller = entry(pool.placementPolicy()).factory().create(pool, s);
        perPool.put(pool.id(), new PoolController(pool.placementPolicy(), pool.policySettings(), controller));
        return controller;
    }

    private synchronized Entry entry(String policy) {
        Entry e = factories.get(policy);
        if (e == null) throw new NoSuchElementException("unknown placement policy " + policy + "; known: " + factories.keySet());
        return e;
    }
}

package io.berth.placement.policy;

import io.berth.core.domain.Pool;
import io.berth.placement.PlacementController;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.score.BalanceScorer;
import io.berth.placement.score.CurrentLoadScorer;
import io.berth.placement.score.ForecastHeadroomScorer;
import io.berth.placement.score.HostScorer;
import io.berth.placement.score.PackingScorer;
import io.berth.placement.score.WeightedScorer;
import io.berth.placement.select.BestSelector;
import io.berth.placement.select.Selector;
import io.berth.placement.select.TopKRandomSelector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Berth's built-in policies, each a pipeline whose parts and weights a pool can tune in its policy settings:
 * <ul>
 *   <li><b>round-robin</b>: hosts take turns (the default);</li>
 *   <li><b>least-loaded</b>: the host with the lowest live CPU load (EWMA, latest and pending);</li>
 *   <li><b>balanced</b>: forecast headroom on the tightest resource, plus how even the pool stays;</li>
 *   <li><b>packing</b>: the fullest host that stays under a CPU ceiling, to consolidate.</li>
 * </ul>
 */
public final class BuiltInPolicies {
    public static final String LEAST_LOADED = "least-loaded";
    public static final String BALANCED = "balanced";
    public static final String PACKING = "packing";

    private BuiltInPolicies() {}

    /** Settings every policy understands. */
    static int explainAllBelow(PolicySettings s) {
        return s.integer("explain-all-below", 64, 0, 100_000, "explanations list every candidate up to this many hosts");
    }

    public static double vmUtilisation(PolicySettings s) {
        return s.number("vm-utilisation", 0.5, 0.0, 1.0, "share of its VCPUs a new instance is expected to use");
    }

    public static PlacementController roundRobin(Pool pool, PolicySettings s) {
        explainAllBelow(s);
        vmUtilisation(s);
        return new RoundRobinController(FilterChain.standard());
    }

    public static PlacementController leastLoaded(Pool pool, PolicySettings s, RandomGenerator random) {
        return pipeline(LEAST_LOADED, s, random, 0.0, Map.of(new CurrentLoadScorer(), 1.0));
    }

    public static PlacementController balanced(Pool pool, PolicySettings s, RandomGenerator random) {
        Map<HostScorer, Double> w = new LinkedHashMap<>();
        w.put(new ForecastHeadroomScorer(), 0.5);
        w.put(new BalanceScorer(), 0.3);
        w.put(new CurrentLoadScorer(), 0.2);
        return pipeline(BALANCED, s, random, 0.9, w);
    }

    public static PlacementController packing(Pool pool, PolicySettings s, RandomGenerator random) {
        Map<HostScorer, Double> w = new LinkedHashMap<>();
        w.put(new PackingScorer(), 0.8);
        w.put(new ForecastHeadroomScorer(), 0.2);
        return pipeline(PACKING, s, random, 0.8, w);
    }

    private static PlacementController pipeline(String name, PolicySettings s, RandomGenerator random, double defaultMaxCpu,
                                                Map<HostScorer, Double> defaultWeights) {
        int explainAll = explainAllBelow(s);
        vmUtilisation(s);
        double maxCpu = s.number("max-cpu", defaultMaxCpu, 0.0, 1.0,
                "reject hosts whose projected CPU with the new instance would exceed this (0: no limit)");
        List<WeightedScorer> scorers = new ArrayList<>();
        for (var e : defaultWeights.entrySet()) {
            String key = "weight." + e.getKey().name();
            double weight = s.number(key, e.getValue(), 0.0, 100.0, e.getKey().description() + "; 0 turns it off");
            if (weight > 0) scorers.add(new WeightedScorer(e.getKey(), weight));
        }
        if (scorers.isEmpty()) {
            throw new io.berth.core.resource.PolicySettingException("weight." + defaultWeights.keySet().iterator().next().name(),
                    "at least one scorer needs a positive weight");
        }
        String selection = s.choice("selection", "best", Set.of("best", "top-k"), "pick the best host, or a random one of the top k");
        int k = s.integer("top-k", 3, 1, 100, "k for selection=top-k");
        Selector selector = selection.equals("best") ? new BestSelector() : new TopKRandomSelector(k, random);
        return new PipelineController(name, FilterChain.standard().with(new LiveLoadFilter(maxCpu)), scorers, selector, explainAll);
    }
}

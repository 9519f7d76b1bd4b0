package io.berth.placement.policy;

import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.PlacementController;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.pipeline.PipelineController;
import io.berth.placement.score.WeightedScorer;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

import static io.berth.placement.pipeline.PlacementLab.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class BuiltInPoliciesTest {
    final MutableClock clock = clock();
    final LoadMonitor monitor = new LoadMonitor(clock);

    private static Candidate row(PlacementDecision d, long hostId) {
        return d.explanation().candidates().stream().filter(c -> c.hostId() == hostId).findFirst().orElseThrow();
    }

    @Test
    void leastLoadedPicksTheLowestEffectiveCpuNotTheLowestLatestSample() {
        flat(monitor, 1, NOW, 10, 0.6);
        feed(monitor, 2, NOW, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.7); // a spike: latest counts before the EWMA sees it
        flat(monitor, 3, NOW, 10, 0.3);
        feed(monitor, 4, NOW, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.05); // a dip: the EWMA keeps it busy
        Pool pool = pool(BuiltInPolicies.LEAST_LOADED, Map.of());
        PlacementController c = BuiltInPolicies.leastLoaded(pool, new PolicySettings(Map.of()), RandomGenerator.of("L64X128MixRandom"));
        var candidates = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8)), idle(pool, host(4, 8)));

        PlacementDecision d = place(c, pool, request(7, image(2, 1024), candidates), monitor, NOW);

        assertThat(picked(d)).isEqualTo(3);
        assertThat(row(d, 2).metrics().get("effectiveCpu")).isCloseTo(0.7, within(1e-9));
        assertThat(row(d, 4).metrics().get("effectiveCpu")).isGreaterThan(0.3);
        // current-load = 1 - (effective CPU + the instance's 2 VCPU x 0.5 / 8)
        assertThat(row(d, 3).scores().get("current-load")).isCloseTo(1 - (0.3 + 0.125), within(1e-4));
        assertThat(row(d, 1).scores().get("current-load")).isCloseTo(1 - (0.6 + 0.125), within(1e-4));
        assertThat(d.explanation().candidates()).allSatisfy(x -> assertThat(x.scores().get("current-load"))
                .isLessThanOrEqualTo(row(d, 3).scores().get("current-load")));
    }

    @Test
    void balancedPrefersTheHostWhoseForecastIsLowerWhenCurrentLoadsAreEqual() {
        // Host 1 climbs to 0.4; host 2 sits at 0.4. Both read 0.4 now (max of EWMA and latest), but 1 is heading up.
        feed(monitor, 1, NOW, 0.04, 0.08, 0.12, 0.16, 0.2, 0.24, 0.28, 0.32, 0.36, 0.4);
        flat(monitor, 2, NOW, 10, 0.4);
        assertThat(monitor.load(1).effectiveCpu()).isCloseTo(monitor.load(2).effectiveCpu(), within(1e-12));
        assertThat(monitor.load(1).cpuForecast()).isGreaterThan(monitor.load(2).cpuForecast());
        Pool pool = pool(BuiltInPolicies.BALANCED, Map.of());
        PlacementController c = PolicyRegistry.withBuiltIns(RandomGenerator.of("L64X128MixRandom")).controllerFor(pool);

        PlacementDecision d = place(c, pool, request(7, image(2, 1024), List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)))), monitor, NOW);

        assertThat(picked(d)).isEqualTo(2); // despite losing the id tie-break
        assertThat(row(d, 1).scores().get("current-load")).isEqualTo(row(d, 2).scores().get("current-load"));
        assertThat(row(d, 1).scores().get("forecast-headroom")).isLessThan(row(d, 2).scores().get("forecast-headroom"));
    }

    @Test
    void packingPicksTheFullestHostThatFitsAndRespectsMaxCpu() {
        Pool pool = pool(BuiltInPolicies.PACKING, Map.of());
        flat(monitor, 1, NOW, 5, 0.1);
        flat(monitor, 2, NOW, 5, 0.2);
        flat(monitor, 3, NOW, 5, 0.1);
        flat(monitor, 4, NOW, 5, 0.75);
        var candidates = List.of(
                candidate(pool, host(1, 8), vcpus(2)),
                candidate(pool, host(2, 8), vcpus(6)),
                candidate(pool, host(3, 8), vcpus(7)), // the fullest, but 2 more VCPUs do not fit
                candidate(pool, host(4, 16), new Resources(Map.of(ResourceClass.VCPU, 14L, ResourceClass.MEMORY_MB, 12_288L))));
        var image = image(2, 1024);
        var rnd = RandomGenerator.of("L64X128MixRandom");

        PlacementDecision d = place(BuiltInPolicies.packing(pool, new PolicySettings(Map.of()), rnd), pool, request(7, image, candidates), monitor, NOW);
        assertThat(picked(d)).isEqualTo(2);
        assertThat(row(d, 3).rejectedBy()).isEqualTo("capacity");
        assertThat(row(d, 4).rejectedBy()).isEqualTo("live-load"); // 0.75 + 2 x 0.5 / 16 > 0.8
        assertThat(row(d, 4).reason()).contains("would exceed 0.80");
        assertThat(row(d, 2).scores().get("packing")).isGreaterThan(row(d, 1).scores().get("packing"));

        // A higher ceiling lets the fullest host in, and packing then prefers it.
        PlacementDecision relaxed = place(BuiltInPolicies.packing(pool, new PolicySettings(Map.of("max-cpu", "0.9")), rnd), pool,
                request(7, image, candidates), monitor, NOW);
        assertThat(picked(relaxed)).isEqualTo(4);
    }

    @Test
    void topKOnlyPicksAmongTheKBestAndSpreadsOverThem() {
        Pool pool = pool(BuiltInPolicies.LEAST_LOADED, Map.of("selection", "top-k", "top-k", "3"));
        double[] loads = {0.5, 0.1, 0.6, 0.3, 0.2, 0.4, 0.55};
        List<CandidateHost> candidates = new java.util.ArrayList<>();
        for (int i = 0; i < loads.length; i++) {
            flat(monitor, i + 1, NOW, 5, loads[i]);
            candidates.add(idle(pool, host(i + 1, 8)));
        }
        PlacementController c = PolicyRegistry.withBuiltIns(java.util.random.RandomGeneratorFactory.of("L64X128MixRandom").create(42)).controllerFor(pool);
        Map<Long, Integer> counts = new HashMap<>();
        for (int draw = 0; draw < 900; draw++) {
            PlacementDecision d = place(c, pool, request(draw, image(2, 1024), candidates), monitor, NOW);
            counts.merge(picked(d), 1, Integer::sum);
            if (draw == 0) assertThat(d.explanation().notes()).containsEntry("selection", "random among the top 3");
        }
        // The three least loaded: hosts 2 (0.1), 5 (0.2) and 4 (0.3).
        assertThat(counts.keySet()).containsExactlyInAnyOrder(2L, 5L, 4L);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(200, 400));
    }

    @Test
    void weightsOverrideTheDefaultsAndAZeroWeightDropsAScorer() {
        PolicyRegistry registry = PolicyRegistry.withBuiltIns();
        var defaults = (PipelineController) registry.controllerFor(pool(BuiltInPolicies.BALANCED, Map.of()));
        assertThat(weights(defaults)).containsExactly(Map.entry("forecast-headroom", 0.5), Map.entry("balance", 0.3),
                Map.entry("current-load", 0.2));

        Pool tuned = new Pool(2, "tuned", "sim", "", BuiltInPolicies.BALANCED,
                Map.of("weight.forecast-headroom", "2", "weight.balance", "0"));
        var c = (PipelineController) registry.controllerFor(tuned);
        assertThat(weights(c)).containsExactly(Map.entry("forecast-headroom", 2.0), Map.entry("current-load", 0.2));

        flat(monitor, 1, NOW, 5, 0.3);
        PlacementDecision d = place(c, tuned, request(7, image(2, 1024), List.of(idle(tuned, host(1, 8)))), monitor, NOW);
        assertThat(d.explanation().candidates().getFirst().scores()).containsOnlyKeys("forecast-headroom", "current-load", "total");
        assertThat(d.explanation().notes()).containsEntry("weights", "forecast-headroom=2.0,current-load=0.2");
    }

    private static Map<String, Double> weights(PipelineController c) {
        return c.scorers().stream().collect(Collectors.toMap(w -> w.scorer().name(), WeightedScorer::weight, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    void changingAPoolsSettingsYieldsAFreshControllerThatUsesThem() {
        PolicyRegistry registry = PolicyRegistry.withBuiltIns();
        Pool pool = pool(BuiltInPolicies.LEAST_LOADED, Map.of());
        PlacementController first = registry.controllerFor(pool);
        assertThat(registry.controllerFor(pool(BuiltInPolicies.LEAST_LOADED, Map.of()))).isSameAs(first);
        assertThat(((PipelineController) first).selector().describe()).isEqualTo("best");

        Pool changed = pool(BuiltInPolicies.LEAST_LOADED, Map.of("selection", "top-k", "top-k", "4"));
        PlacementController second = registry.controllerFor(changed);
        assertThat(second).isNotSameAs(first);
        assertThat(((PipelineController) second).selector().describe()).isEqualTo("random among the top 4");
        assertThat(registry.controllerFor(changed)).isSameAs(second);

        Pool otherPolicy = pool(BuiltInPolicies.PACKING, Map.of("selection", "top-k", "top-k", "4"));
        assertThat(registry.controllerFor(otherPolicy).name()).isEqualTo(BuiltInPolicies.PACKING);
    }
}

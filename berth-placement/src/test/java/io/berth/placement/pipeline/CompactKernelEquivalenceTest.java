package io.berth.placement.pipeline;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.metrics.StalePolicy;
import io.berth.placement.HostTable;
import io.berth.placement.LoadView;
import io.berth.placement.PlacementContext;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.policy.BuiltInPolicies;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-pass kernel over the compact table decides as a plain reference placement does, on random pools of up to a
 * few hundred hosts (so both full and summary explanations are exercised): the same host, the same explanation.
 * Pools are made to be hard: hosts in maintenance or down, stale or never sampled, capacity exactly used up or one
 * short, a handful of load levels and host sizes so many totals tie, host ids not in table order.
 */
class CompactKernelEquivalenceTest {
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");
    static final List<String> POLICIES = List.of(BuiltInPolicies.LEAST_LOADED, BuiltInPolicies.BALANCED, BuiltInPolicies.PACKING);

    record Case(Pool pool, PlacementRequest request, LoadMonitor monitor, int explainAllBelow, String description) {
        @Override
        public String toString() {
            return description;
        }
    }

    @Property(tries = 400)
    void theKernelDecidesAndExplainsAsTheReference(@ForAll long seed) {
        Case c = generate(seed);
        var controller = (PipelineController) PolicyRegistry.withBuiltIns().controllerFor(c.pool());
        HostTable table = HostTable.of(c.request(), c.request().candidates(), LoadView.of(c.monitor()), 0.5);
        PlacementContext context = new PlacementContext(c.request(), c.pool(), table, NOW);

        PlacementDecision expected = ReferencePlacement.place(controller, context, c.explainAllBelow());
        PlacementDecision fused = controller.placeFused(context);
        PlacementDecision again = controller.placeFused(context); // the compact table is kept: a second decision agrees

        assertThat(fused.explanation()).as(c.toString()).isEqualTo(expected.explanation());
        assertThat(again.explanation()).isEqualTo(expected.explanation());
        assertThat(chosen(fused)).isEqualTo(chosen(expected));
        Statistics.label("explained").collect(table.size <= c.explainAllBelow() ? "in full" : "in summary");
        Statistics.label("outcome").collect(expected instanceof PlacementDecision.Chosen ? "chosen" : "no host");
    }

    /**
     * Pools of thousands of hosts, so the kernel skips most blocks of hosts by their quick totals: its ten best, its
     * pick (ties by host id across blocks included) and its counts still agree with the reference.
     */
    @Property(tries = 40)
    void onLargePoolsTheKernelSkipsOnlyHostsThatCannotRank(@ForAll long seed) {
        Case c = generate(seed, 500 + new Random(seed).nextInt(3000));
        var controller = (PipelineController) PolicyRegistry.withBuiltIns().controllerFor(c.pool());
        HostTable table = HostTable.of(c.request(), c.request().candidates(), LoadView.of(c.monitor()), 0.5);
        PlacementContext context = new PlacementContext(c.request(), c.pool(), table, NOW);

        PlacementDecision expected = ReferencePlacement.place(controller, context, c.explainAllBelow());
        PlacementDecision fused = controller.placeFused(context);

        assertThat(fused.explanation()).as(c.toString()).isEqualTo(expected.explanation());
        assertThat(chosen(fused)).isEqualTo(chosen(expected));
    }

    @Property(tries = 200)
    void thePartByPartPathAgreesToo(@ForAll long seed) {
        Case c = generate(seed);
        var controller = (PipelineController) PolicyRegistry.withBuiltIns().controllerFor(c.pool());
        HostTable table = HostTable.of(c.request(), c.request().candidates(), LoadView.of(c.monitor()), 0.5);
        PlacementContext context = new PlacementContext(c.request(), c.pool(), table, NOW);

        PlacementDecision expected = ReferencePlacement.place(controller, context, c.explainAllBelow());
        PlacementDecision stepwise = controller.placeStepByStep(context);

        // Same host and same listing; the part-by-part path sums weighted scores in the configured order, so a total's
        // last bit may differ from the kernel's: compare what is rounded for people, and the pick.
        assertThat(chosen(stepwise)).as(c.toString()).isEqualTo(chosen(expected));
        assertThat(stepwise.explanation().notes()).isEqualTo(expected.explanation().notes());
        assertThat(stepwise.explanation().candidates().stream().map(x -> x.hostId()).toList())
                .isEqualTo(expected.explanation().candidates().stream().map(x -> x.hostId()).toList());
    }

    private static Long chosen(PlacementDecision d) {
        return d instanceof PlacementDecision.Chosen ch ? ch.host().host().id() : null;
    }

    /** A pool of up to 20 or up to 300 hosts, half the time each. */
    static Case generate(long seed) {
        Random size = new Random(~seed);
        return generate(seed, 1 + size.nextInt(size.nextBoolean() ? 20 : 300));
    }

    static Case generate(long seed, int n) {
        Random r = new Random(seed);
        String policy = POLICIES.get(r.nextInt(POLICIES.size()));
        Map<String, String> settings = new HashMap<>();
        if (r.nextInt(3) == 0) settings.put("max-cpu", String.valueOf(r.nextInt(11) / 10.0));
        if (r.nextInt(4) == 0 && !policy.equals(BuiltInPolicies.LEAST_LOADED)) {
            settings.put("weight.forecast-headroom", String.valueOf(r.nextInt(3) * 0.5));
        }
        int explainAllBelow = new int[]{0, 3, 64, 1000}[r.nextInt(4)];
        settings.put("explain-all-below", String.valueOf(explainAllBelow));
        Pool pool = new Pool(1, "lab", "sim", "", policy, settings);

        long vcpuDemand = 1 + r.nextInt(4);
        long memoryDemand = new long[]{512, 2048, 4096}[r.nextInt(3)];
        Map<String, Double> limits = r.nextInt(3) == 0 ? Map.of(ResourceClass.VCPU, 1.0) : Map.of();
        Image image = new Image(1, "img", "", "", "sim", Resources.of(vcpuDemand, memoryDemand, 0), 100, Duration.ofHours(4),
                List.of(), List.of(), limits);

        boolean fewLevels = r.nextBoolean(); // many ties
        StalePolicy stale = r.nextBoolean() ? StalePolicy.EXCLUDE : StalePolicy.PENALISE;
        var ls = LoadMonitorSettings.defaults();
        MutableClock clock = new MutableClock(NOW);
        LoadMonitor monitor = new LoadMonitor(new LoadMonitorSettings(ls.interval(), ls.windowSize(), ls.staleAfterIntervals(), ls.ewmaAlpha(),
                ls.forecastSamples(), ls.forecastHorizonIntervals(), stale, 0.5), clock);
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= n; id++) ids.add(id * (1 + r.nextInt(3)) + 1000L * id);
        if (r.nextBoolean()) Collections.shuffle(ids, r); // table order ≠ id order: ties by id and by index differ
        List<CandidateHost> candidates = new ArrayList<>();
        for (long id : ids) {
            long vcpu = fewLevels ? 8 : new long[]{4, 8, 16, 32}[r.nextInt(4)];
            long memory = fewLevels ? 16_384 : new long[]{2048, 16_384, 65_536}[r.nextInt(3)];
            HostState state = r.nextInt(10) < 8 ? HostState.AVAILABLE : r.nextBoolean() ? HostState.MAINTENANCE : HostState.DOWN;
            Host h = new Host(id, 1, "h" + id, "sim", state,
                    List.of(new Inventory(ResourceClass.VCPU, vcpu, 0, r.nextBoolean() ? 1.0 : 2.0), Inventory.of(ResourceClass.MEMORY_MB, memory)),
                    null);
            long vcpuCap = h.capacity().get(ResourceClass.VCPU);
            long usedVcpu = switch (r.nextInt(4)) {
                case 0 -> Math.max(0, vcpuCap - vcpuDemand);     // exactly fits
                case 1 -> Math.max(0, vcpuCap - vcpuDemand + 1); // one short
                default -> fewLevels ? 2 : r.nextLong(vcpuCap + 1);
            };
            long usedMemory = fewLevels ? 4096 : r.nextLong(memory + 1);
            Resources used = Resources.of(usedVcpu, usedMemory, 0);
            candidates.add(new CandidateHost(h, pool, used, h.capacity().minus(used)));
            int freshness = r.nextInt(10); // 0: never sampled, 1: stale, else fresh
            if (freshness == 0) continue;
            Instant last = freshness == 1 ? NOW.minusSeconds(3600) : NOW.minusSeconds(r.nextInt(30));
            double base = fewLevels ? r.nextInt(4) * 0.25 : r.nextDouble();
            int samples = fewLevels ? 5 : 1 + r.nextInt(8);
            for (int k = 0; k < samples; k++) {
                double cpu = fewLevels ? base : Math.max(0, Math.min(1, base + (r.nextDouble() - 0.5) * 0.3));
                monitor.accept(id, last.minusSeconds(20L * (samples - 1 - k)).toEpochMilli(), cpu, memory / 4.0, memory, Double.NaN, Double.NaN, 1);
            }
        }
        PlacementGroup group = switch (r.nextInt(4)) {
            case 0 -> new PlacementGroup("anti", PlacementGroup.Kind.ANTI_AFFINITY);
            case 1 -> new PlacementGroup("aff", PlacementGroup.Kind.AFFINITY);
            default -> null;
        };
        Map<Long, Integer> members = new HashMap<>();
        if (group != null) for (long id : ids) if (r.nextInt(5) == 0) members.put(id, 1);
        PlacementRequest request = new PlacementRequest(1, image, new TimeWindow(NOW, NOW.plus(Duration.ofHours(1))), candidates, false,
                group, members);
        return new Case(pool, request, monitor, explainAllBelow,
                "case(" + seed + "L, " + n + "): " + policy + " " + settings + " " + n + " hosts, " + stale + (fewLevels ? ", few levels" : ""));
    }
}

package io.berth.placement.pipeline;

import io.berth.core.domain.HostState;
import io.berth.core.domain.Pool;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.PlacementContext;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.filter.FilterChain;
import io.berth.placement.filter.LiveLoadFilter;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.score.CurrentLoadScorer;
import io.berth.placement.score.WeightedScorer;
import io.berth.placement.select.Selector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static io.berth.placement.pipeline.PlacementLab.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ExplanationTest {
    final MutableClock clock = clock();
    final LoadMonitor monitor = new LoadMonitor(clock);

    @Test
    void everyCandidateIsExplainedWithScoresTotalMetricsAgeAndNotes() {
        Pool pool = pool(BuiltInPolicies.BALANCED, Map.of());
        flat(monitor, 1, NOW, 6, 0.5);
        flat(monitor, 2, NOW, 6, 0.2);
        flat(monitor, 3, NOW, 6, 0.1);
        clock.advance(Duration.ofSeconds(7));
        var candidates = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), candidate(pool, host(3, 8), vcpus(8)),
                idle(pool, host(4, HostState.DOWN, 8, HOST_MEMORY_MB)));

        PlacementDecision d = place(PolicyRegistry.withBuiltIns().controllerFor(pool), pool, request(7, image(2, 1024), candidates), monitor,
                clock.instant());
        PlacementExplanation why = d.explanation();

        assertThat(why.controller()).isEqualTo("balanced");
        assertThat(why.decidedAt()).isEqualTo(clock.instant());
        assertThat(why.pickedHostId()).isEqualTo(2L);
        assertThat(why.candidates()).extracting(Candidate::hostId).containsExactly(1L, 2L, 3L, 4L);
        assertThat(why.candidates()).extracting(Candidate::rejectedBy).containsExactly(null, null, "capacity", "host-state");
        for (Candidate c : why.candidates().subList(0, 2)) {
            assertThat(c.scores()).containsOnlyKeys("forecast-headroom", "balance", "current-load", "total");
            double weighted = (0.5 * c.scores().get("forecast-headroom") + 0.3 * c.scores().get("balance")
                    + 0.2 * c.scores().get("current-load"));
            assertThat(c.scores().get("total")).isCloseTo(weighted, within(1e-3));
            assertThat(c.metrics()).containsKeys("cpu", "cpuEwma", "cpuP95", "cpuForecast", "pendingCpu", "memory", "effectiveCpu",
                    "projectedCpu");
            assertThat(c.metricsAgeSeconds()).isEqualTo(7.0);
        }
        assertThat(why.candidates().get(0).metrics().get("cpu")).isCloseTo(0.5, within(1e-9));
        assertThat(why.candidates().get(1).scores().get("total")).isGreaterThan(why.candidates().get(0).scores().get("total"));
        assertThat(why.candidates().get(2).scores()).isEmpty();
        assertThat(why.candidates().get(2).reason()).isEqualTo("not enough capacity during the window: VCPU 2 needed, 0 free");
        assertThat(why.candidates().get(3).reason()).isEqualTo("host is DOWN");
        assertThat(why.notes())
                .containsEntry("pool", "lab")
                .containsEntry("filters", "host-state,image-minimums,capacity,image-overcommit,placement-group,live-load")
                .containsEntry("weights", "forecast-headroom=0.5,balance=0.3,current-load=0.2")
                .containsEntry("selection", "best")
                .containsEntry("candidates", "4")
                .containsEntry("eligible", "2")
                .containsEntry("rejected.capacity", "1")
                .containsEntry("rejected.host-state", "1")
                .doesNotContainKey("rejected.live-load");
        assertThat(why.summary()).startsWith("picked h2 (score ").endsWith("by best, among 2 eligible of 4 host(s)");
    }

    /** Picks the worst eligible host, so the pick is not among the best ten. */
    static final class Worst implements Selector {
        public String describe() {
            return "worst";
        }

        public int choose(PlacementContext context, int[] rejectedBy, double[] totals) {
            int worst = -1;
            for (int i = 0; i < totals.length; i++) if (rejectedBy[i] < 0 && (worst < 0 || totals[i] < totals[worst])) worst = i;
            return worst;
        }
    }

    @Test
    void aboveExplainAllBelowOnlyThePickTheBestTenAndAFewRejectionsPerFilterAreKeptButAllAreCounted() {
        Pool pool = pool("test", Map.of());
        List<CandidateHost> candidates = new ArrayList<>();
        for (int id = 1; id <= 60; id++) {
            if (id % 6 == 0) candidates.add(idle(pool, host(id, HostState.MAINTENANCE, 8, HOST_MEMORY_MB))); // 10 of these
            else if (id % 6 == 1) candidates.add(candidate(pool, host(id, 8), vcpus(8)));                  // 10 full
            else if (id % 6 == 2) candidates.add(idle(pool, host(id, 8)));                                 // 10 never sampled
            else {
                candidates.add(idle(pool, host(id, 8)));                                                   // 30 eligible
                flat(monitor, id, NOW, 3, id / 100.0);
            }
        }
        var pipeline = new PipelineController("test", FilterChain.standard().with(new LiveLoadFilter(0)),
                List.of(new WeightedScorer(new CurrentLoadScorer(), 1)), new Worst(), 20);

        PlacementDecision d = place(pipeline, pool, request(7, image(2, 1024), candidates), monitor, NOW);
        PlacementExplanation why = d.explanation();

        long worst = 59; // highest load among the eligible
        assertThat(why.pickedHostId()).isEqualTo(worst);
        List<Candidate> eligible = why.candidates().stream().filter(Candidate::eligible).toList();
        List<Long> bestTen = candidates.stream().map(c -> c.host().id()).filter(id -> id % 6 >= 3)
                .sorted(Comparator.naturalOrder()).limit(10).toList(); // lowest load = lowest id
        assertThat(eligible).extracting(Candidate::hostId).containsExactlyElementsOf(concat(bestTen, worst));
        assertThat(why.candidates().stream().filter(c -> !c.eligible()).map(Candidate::rejectedBy).toList())
                .containsExactlyInAnyOrder("host-state", "host-state", "host-state", "capacity", "capacity", "capacity",
                        "live-load", "live-load", "live-load");
        assertThat(why.candidates()).extracting(Candidate::hostId).isSorted();
        assertThat(why.notes())
                .containsEntry("candidates", "60")
                .containsEntry("eligible", "30")
                .containsEntry("rejected.host-state", "10")
                .containsEntry("rejected.capacity", "10")
                .containsEntry("rejected.live-load", "10")
                .containsEntry("selection", "worst");

        // At or below the limit, everyone is listed.
        var everyone = new PipelineController("test", FilterChain.standard().with(new LiveLoadFilter(0)),
                List.of(new WeightedScorer(new CurrentLoadScorer(), 1)), new Worst(), 60);
        assertThat(place(everyone, pool, request(8, image(2, 1024), candidates), monitor, NOW).explanation().candidates()).hasSize(60);
    }

    private static List<Long> concat(List<Long> ids, long last) {
        List<Long> out = new ArrayList<>(ids);
        out.add(last);
        return out;
    }
}

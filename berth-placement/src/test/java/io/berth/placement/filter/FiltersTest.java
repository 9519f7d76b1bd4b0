package io.berth.placement.filter;

import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Pool;
import io.berth.core.domain.ResourceClass;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation.Candidate;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.metrics.LoadMonitorSettings;
import io.berth.metrics.StalePolicy;
import io.berth.placement.PlacementController;
import io.berth.placement.policy.BuiltInPolicies;
import io.berth.placement.policy.PolicySettings;
import io.berth.placement.policy.RoundRobinController;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import static io.berth.placement.pipeline.PlacementLab.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FiltersTest {
    final MutableClock clock = clock();
    final Pool pool = pool(BuiltInPolicies.LEAST_LOADED, Map.of());
    final PlacementController leastLoaded = BuiltInPolicies.leastLoaded(pool, new PolicySettings(Map.of()), RandomGenerator.of("L64X128MixRandom"));

    private static Candidate row(PlacementDecision d, long hostId) {
        return d.explanation().candidates().stream().filter(c -> c.hostId() == hostId).findFirst().orElseThrow();
    }

    @Test
    void underExcludeStaleAndNeverSampledHostsAreRejectedWithTheirAge() {
        LoadMonitor monitor = new LoadMonitor(clock); // EXCLUDE, stale after 3 x 20 s
        flat(monitor, 1, NOW.minusSeconds(100), 5, 0.0); // idle, as far as anyone knew 100 s ago
        flat(monitor, 3, NOW.minusSeconds(10), 5, 0.9);
        flat(monitor, 4, NOW.minusSeconds(60), 5, 0.5); // exactly at the limit: not stale yet
        var candidates = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8)), idle(pool, host(4, 8)));

        PlacementDecision d = place(leastLoaded, pool, request(7, image(2, 1024), candidates), monitor, clock.instant());

        assertThat(picked(d)).isEqualTo(4);
        assertThat(row(d, 1).rejectedBy()).isEqualTo("live-load");
        assertThat(row(d, 1).reason()).isEqualTo("no load sample for 100 s (stale)");
        assertThat(row(d, 2).rejectedBy()).isEqualTo("live-load");
        assertThat(row(d, 2).reason()).isEqualTo("no load samples yet (stale)");
        assertThat(d.explanation().notes()).containsEntry("rejected.live-load", "2");

        clock.advance(Duration.ofSeconds(1)); // host 4 now goes stale too; only the busy host 3 is left
        d = place(leastLoaded, pool, request(8, image(2, 1024), candidates), monitor, clock.instant());
        assertThat(picked(d)).isEqualTo(3);
        assertThat(row(d, 4).reason()).isEqualTo("no load sample for 61 s (stale)");
    }

    @Test
    void underPenaliseAStaleHostIsEligibleButNeverScoresAsIdle() {
        double penalty = 0.6;
        var settings = new LoadMonitorSettings(Duration.ofSeconds(20), 90, 3, 0.3, 10, 3, StalePolicy.PENALISE, penalty);
        LoadMonitor monitor = new LoadMonitor(settings, clock);
        flat(monitor, 1, NOW.minusSeconds(300), 5, 0.0); // idle 5 minutes ago
        flat(monitor, 3, NOW, 5, 0.45);
        var candidates = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8)));

        PlacementDecision d = place(leastLoaded, pool, request(7, image(2, 1024), candidates), monitor, NOW);

        assertThat(picked(d)).isEqualTo(3);
        for (long stale : new long[]{1, 2}) {
            Candidate c = row(d, stale);
            assertThat(c.eligible()).isTrue();
            assertThat(c.scores().get("current-load")).isLessThanOrEqualTo(1 - penalty).isCloseTo(1 - penalty - 0.125, within(1e-4));
        }
        assertThat(row(d, 1).metrics().get("effectiveCpu")).isGreaterThanOrEqualTo(penalty);
        assertThat(row(d, 1).metricsAgeSeconds()).isEqualTo(300.0);
        assertThat(row(d, 2).metricsAgeSeconds()).isNull();
        // Only the live host: still placed there; with only the stale ones, they are used.
        d = place(leastLoaded, pool, request(8, image(2, 1024), List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)))), monitor, NOW);
        assertThat(picked(d)).isEqualTo(1);
    }

    @Test
    void theImagesOvercommitLimitKeepsItOnDedicatedCores() {
        var dedicated = image(2, 1024, Map.of(ResourceClass.VCPU, 1.0));
        // 8 cores overcommitted 4:1 = 32 VCPUs: plenty of room by the host's own rules.
        var candidates = List.of(candidate(pool, overcommitted(1, 8, 4.0), vcpus(7)), candidate(pool, overcommitted(2, 8, 4.0), vcpus(6)),
                candidate(pool, overcommitted(3, 8, 4.0), vcpus(31)));
        var rr = new RoundRobinController(FilterChain.standard());

        PlacementDecision d = place(rr, pool, request(7, dedicated, candidates), null, NOW);

        assertThat(picked(d)).isEqualTo(2); // 6 + 2 = 8 of 8 cores: just fits
        assertThat(row(d, 1).rejectedBy()).isEqualTo("image-overcommit");
        assertThat(row(d, 1).reason()).isEqualTo("VCPU would be 9 of 8 physical; the image allows an allocation ratio of at most 1.0");
        assertThat(row(d, 3).rejectedBy()).isEqualTo("capacity");
        assertThat(d.explanation().notes()).containsEntry("rejected.image-overcommit", "1");

        // Without the limit, the host's own overcommit applies.
        PlacementDecision shared = place(new RoundRobinController(FilterChain.standard()), pool, request(8, image(2, 1024), candidates), null, NOW);
        assertThat(picked(shared)).isEqualTo(1);
        // A looser limit of 2.0 allows 16 VCPUs on 8 cores.
        PlacementDecision loose = place(new RoundRobinController(FilterChain.standard()), pool,
                request(9, image(2, 1024, Map.of(ResourceClass.VCPU, 2.0)), candidates), null, NOW);
        assertThat(picked(loose)).isEqualTo(1);
    }

    @Test
    void antiAffinityNeverPlacesBesideAMember() {
        var group = new PlacementGroup("exam", PlacementGroup.Kind.ANTI_AFFINITY);
        var candidates = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8)));
        var rr = new RoundRobinController(FilterChain.standard());

        PlacementDecision d = place(rr, pool, request(7, image(2, 1024), candidates, group, Map.of(1L, 1, 3L, 2)), null, NOW);

        assertThat(picked(d)).isEqualTo(2);
        assertThat(row(d, 1).rejectedBy()).isEqualTo("placement-group");
        assertThat(row(d, 1).reason()).isEqualTo("anti-affinity group 'exam' already has 1 member(s) here");
        assertThat(row(d, 3).reason()).isEqualTo("anti-affinity group 'exam' already has 2 member(s) here");

        PlacementDecision none = place(rr, pool, request(8, image(2, 1024), candidates, group, Map.of(1L, 1, 2L, 1, 3L, 1)), null, NOW);
        assertThat(none).isInstanceOf(PlacementDecision.NoHost.class);
        assertThat(none.explanation().notes()).containsEntry("rejected.placement-group", "3");
    }

    @Test
    void affinityPlacesWhereTheGroupRunsAndNowhereElse() {
        var group = new PlacementGroup("cluster-1", PlacementGroup.Kind.AFFINITY);
        var candidates = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8)));

        PlacementDecision d = place(new RoundRobinController(FilterChain.standard()), pool,
                request(7, image(2, 1024), candidates, group, Map.of(2L, 3)), null, NOW);
        assertThat(picked(d)).isEqualTo(2);
        assertThat(row(d, 1).rejectedBy()).isEqualTo("placement-group");
        assertThat(row(d, 1).reason()).isEqualTo("affinity group 'cluster-1' runs on other host(s)");
        assertThat(row(d, 3).rejectedBy()).isEqualTo("placement-group");

        // The first member goes anywhere.
        PlacementDecision first = place(new RoundRobinController(FilterChain.standard()), pool,
                request(8, image(2, 1024), candidates, group, Map.of()), null, NOW);
        assertThat(picked(first)).isEqualTo(1);

        // The group's host is full: no host, rather than splitting the group.
        var full = List.of(idle(pool, host(1, 8)), candidate(pool, host(2, 8), vcpus(8)), idle(pool, host(3, 8)));
        PlacementDecision refused = place(new RoundRobinController(FilterChain.standard()), pool,
                request(9, image(2, 1024), full, group, Map.of(2L, 3)), null, NOW);
        assertThat(refused).isInstanceOf(PlacementDecision.NoHost.class);
        assertThat(row(refused, 2).rejectedBy()).isEqualTo("capacity");
    }
}

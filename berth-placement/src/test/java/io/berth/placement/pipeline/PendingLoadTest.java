package io.berth.placement.pipeline;

import io.berth.core.domain.Pool;
import io.berth.core.domain.TimeWindow;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.testing.MutableClock;
import io.berth.metrics.LoadMonitor;
import io.berth.placement.PlacementEngine;
import io.berth.placement.PolicyRegistry;
import io.berth.placement.policy.BuiltInPolicies;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.berth.placement.pipeline.PlacementLab.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A burst of placements must not all land on the host that looked idlest when the burst began. */
class PendingLoadTest {
    final MutableClock clock = clock();
    final LoadMonitor monitor = new LoadMonitor(clock);
    final PlacementEngine engine = new PlacementEngine(PolicyRegistry.withBuiltIns(), clock, monitor, Duration.ofMinutes(2));
    final Pool pool = pool(BuiltInPolicies.LEAST_LOADED, Map.of());
    final List<CandidateHost> hosts = List.of(idle(pool, host(1, 8)), idle(pool, host(2, 8)), idle(pool, host(3, 8)));

    PendingLoadTest() {
        for (long h = 1; h <= 3; h++) flat(monitor, h, NOW, 5, 0.1);
    }

    @Test
    void eachDecisionRecordsPendingLoadSoABurstSpreads() {
        Map<Long, Integer> perHost = new TreeMap<>();
        for (long r = 101; r <= 106; r++) perHost.merge(picked(engine.place(request(r, image(2, 1024), hosts))), 1, Integer::sum);

        assertThat(perHost).containsOnlyKeys(1L, 2L, 3L);
        assertThat(perHost.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        for (long h = 1; h <= 3; h++) {
            assertThat(monitor.load(h).pendingCpu()).isCloseTo(2 * 0.125, within(1e-9)); // 2 VCPU x 0.5 of 8 cores, twice
            assertThat(monitor.load(h).pendingMemoryMb()).isEqualTo(2 * 1024.0);
        }
        List<String> keys = new ArrayList<>();
        for (long h = 1; h <= 3; h++) monitor.pending(h).forEach(p -> keys.add(p.key()));
        assertThat(keys).containsExactlyInAnyOrder("reservation-101", "reservation-102", "reservation-103", "reservation-104",
                "reservation-105", "reservation-106");

        for (long r = 101; r <= 106; r++) engine.abandon(r);
        for (long h = 1; h <= 3; h++) assertThat(monitor.load(h).pendingCpu()).isZero();
    }

    @Test
    void withoutPendingLoadTheSameBurstHerdsOntoOneHost() {
        List<Long> picks = new ArrayList<>();
        for (long r = 201; r <= 206; r++) {
            picks.add(picked(engine.place(request(r, image(2, 1024), hosts))));
            engine.abandon(r); // as if the decision had never been recorded
        }
        assertThat(picks).containsOnly(1L);
    }

    @Test
    void tentativePlacementsOfAdvanceReservationsRecordNothing() {
        var tentative = new PlacementRequest(301, image(2, 1024), new TimeWindow(NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1).plusHours(1))),
                hosts, true);
        for (int i = 0; i < 3; i++) assertThat(picked(engine.place(tentative))).isEqualTo(1);
        assertThat(monitor.load(1).pendingCpu()).isZero();
    }

    @Test
    void pendingLoadLastsUntilASampleTakenAfterItBecomesVisible() {
        long first = picked(engine.place(request(401, image(2, 1024), hosts)));
        clock.advance(Duration.ofMinutes(1));
        monitor.accept(first, clock.millis(), 0.1, 4096, HOST_MEMORY_MB, Double.NaN, Double.NaN, 1);
        assertThat(monitor.load(first).pendingCpu()).as("the VM is still booting").isPositive();
        assertThat(picked(engine.place(request(402, image(2, 1024), hosts)))).isNotEqualTo(first);

        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        monitor.accept(first, clock.millis(), 0.1, 4096, HOST_MEMORY_MB, Double.NaN, Double.NaN, 2);
        assertThat(monitor.load(first).pendingCpu()).as("its samples show it now").isZero();
    }
}

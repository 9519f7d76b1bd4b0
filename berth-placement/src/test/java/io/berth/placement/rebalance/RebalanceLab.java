package io.berth.placement.rebalance;

import io.berth.core.domain.Host;
import io.berth.core.domain.Image;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Pool;
import io.berth.core.domain.Resources;
import io.berth.core.rebalance.ClusterSnapshot;
import io.berth.core.rebalance.PlannedMove;
import io.berth.core.rebalance.RebalancePlan;
import io.berth.core.rebalance.RunningInstance;
import io.berth.core.reservation.ReservationState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.berth.placement.pipeline.PlacementLab.NOW;

/** A cluster built by hand for the rebalancer: hosts, the instances on them, and the calendar's usage derived from them. */
final class RebalanceLab {
    static final Pool POOL = new Pool(1, "lab", "sim", "", "balanced", Map.of());

    final List<Host> hosts = new ArrayList<>();
    final List<RunningInstance> instances = new ArrayList<>();
    /** Capacity held on a host beyond its instances (reservations that start soon, say). */
    final Map<Long, Resources> extraUsed = new HashMap<>();

    RebalanceLab host(Host h) {
        hosts.add(h);
        return this;
    }

    RebalanceLab vm(long reservationId, long hostId, Image image) {
        return vm(reservationId, hostId, image, null, ReservationState.IN_USE, null);
    }

    RebalanceLab vm(long reservationId, long hostId, Image image, PlacementGroup group, ReservationState state, Instant lastMigratedAt) {
        instances.add(new RunningInstance(reservationId, hostId, image, group, state, NOW.plus(Duration.ofHours(2)), lastMigratedAt));
        return this;
    }

    RebalanceLab extra(long hostId, Resources used) {
        extraUsed.put(hostId, used);
        return this;
    }

    ClusterSnapshot snapshot(Instant at) {
        Map<Long, Resources> used = new HashMap<>();
        for (Host h : hosts) used.put(h.id(), extraUsed.getOrDefault(h.id(), Resources.NONE));
        for (RunningInstance i : instances) used.merge(i.hostId(), i.image().minimum(), Resources::plus);
        return new ClusterSnapshot("sim", at, List.of(POOL), hosts, instances, used);
    }

    static RebalanceSettings settings(double threshold, int maxMovesPerCycle, int maxMovesPerHost, VmSelection selection) {
        return new RebalanceSettings(new OverloadDetector.Threshold(threshold), Duration.ofMinutes(1), 0.02, maxMovesPerCycle,
                maxMovesPerHost, Duration.ofMinutes(30), selection, 0.7, Duration.ofSeconds(20));
    }

    /** Where every instance is after the plan's moves, in order. */
    static Map<Long, Long> hostsAfter(ClusterSnapshot snapshot, RebalancePlan plan) {
        Map<Long, Long> where = new LinkedHashMap<>();
        for (RunningInstance i : snapshot.instances()) where.put(i.reservationId(), i.hostId());
        for (PlannedMove m : plan.moves()) {
            if (where.get(m.reservationId()) != m.fromHostId()) {
                throw new AssertionError("move of " + m.reservationId() + " from " + m.fromHostId() + " but it is on " + where.get(m.reservationId()));
            }
            where.put(m.reservationId(), m.toHostId());
        }
        return where;
    }
}

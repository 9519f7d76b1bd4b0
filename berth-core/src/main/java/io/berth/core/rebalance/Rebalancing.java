package io.berth.core.rebalance;

import io.berth.core.resource.PlacementExplanation;

import java.util.Optional;

/**
 * A resource manager's rebalancer: plans live migrations from its own load model and placement filters. The
 * core takes the snapshots, runs the moves and records them; it never decides which host is hot.
 */
public interface Rebalancing {

    /**
     * Plans moves. For {@link RebalanceTrigger#MAINTENANCE}, {@code drainHostId} is the host to empty and every
     * movable instance on it gets a move if any host can take it.
     */
    RebalancePlan plan(ClusterSnapshot snapshot, RebalanceTrigger trigger, Long drainHostId);

    /** Checks a planned move against fresh state just before it runs: empty if it still holds, else why not. */
    Optional<String> revalidate(PlannedMove move, ClusterSnapshot fresh);

    /**
     * Checks an admin's move of one instance to one host with every filter and group rule. The explanation's
     * only candidate is the target: rejected (with the filter and reason) or eligible (with its scores).
     */
    PlacementExplanation checkMove(ClusterSnapshot snapshot, long reservationId, long toHostId);

    /** A move ran (or failed): update cooldowns and pending load. */
    default void moveFinished(PlannedMove move, boolean succeeded) {}
}

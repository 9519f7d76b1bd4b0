package io.berth.core.rebalance;

/** Why a rebalance runs. */
public enum RebalanceTrigger {
    /** The periodic check. */
    PERIODIC,
    /** An admin asked for it ("rebalance now", or a dry-run preview). */
    ON_DEMAND,
    /** A host went into maintenance: move everything off it. */
    MAINTENANCE
}

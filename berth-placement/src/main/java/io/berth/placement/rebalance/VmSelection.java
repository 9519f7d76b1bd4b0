package io.berth.placement.rebalance;

/** Which VM leaves an overloaded host first. */
public enum VmSelection {
    /** Minimum migration time: the smallest memory (time = memory / bandwidth). */
    MMT,
    /** Maximum correlation: the VM whose load moves most with its host's (it drives the peaks). */
    MC,
    /**
     * Cheapest relief: the fewest migrations that remove the host's excess, then the least performance lost while
     * migrating. If some VMs alone bring the host under its threshold, the one with the smallest CPU × memory
     * (its CPU is what a migration slows, its memory how long it takes); otherwise the VM with the most CPU.
     */
    COST
}

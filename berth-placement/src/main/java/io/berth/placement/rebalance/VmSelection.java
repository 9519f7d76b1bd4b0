package io.berth.placement.rebalance;

/** Which VM leaves an overloaded host first. */
public enum VmSelection {
    /** Minimum migration time: the smallest memory (time = memory / bandwidth). */
    MMT,
    /** Maximum correlation: the VM whose load moves most with its host's (it drives the peaks). */
    MC
}

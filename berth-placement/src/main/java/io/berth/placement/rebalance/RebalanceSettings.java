package io.berth.placement.rebalance;

import java.time.Duration;

/**
 * How the rebalancer decides.
 *
 * @param detector          when a host counts as overloaded
 * @param hold              it must have been overloaded in every sample of this stretch (sustained, not a spike)
 * @param minImprovement    a move must cut the pool's total overload (sum over hosts of CPU above threshold) by
 *                          at least this much, or it is not made; a host is left once none of its VMs can
 * @param maxMovesPerCycle  migrations per rebalance at most (a maintenance drain moves everything it can)
 * @param maxMovesPerHost   per rebalance, at most this many migrations out of a host, and as many into it
 * @param cooldown          an instance is not moved again within this time
 * @param vmSelection       which VM leaves first
 * @param targetCeiling     a target's projected CPU with the VM must stay at or below this
 * @param sampleInterval    the load model's sample interval (to turn the hold into a number of samples)
 */
public record RebalanceSettings(OverloadDetector detector, Duration hold, double minImprovement, int maxMovesPerCycle,
                               int maxMovesPerHost, Duration cooldown, VmSelection vmSelection, double targetCeiling,
                               Duration sampleInterval) {
    public RebalanceSettings {
        if (maxMovesPerCycle < 1 || maxMovesPerHost < 1) throw new IllegalArgumentException("move caps must be at least 1");
        if (!(targetCeiling > 0 && targetCeiling <= 1)) throw new IllegalArgumentException("targetCeiling must be in (0, 1]");
        if (minImprovement < 0) throw new IllegalArgumentException("minImprovement must not be negative");
        if (sampleInterval.isZero() || sampleInterval.isNegative()) throw new IllegalArgumentException("sampleInterval must be positive");
    }

    public static RebalanceSettings defaults() {
        return new RebalanceSettings(new OverloadDetector.Threshold(0.8), Duration.ofMinutes(1), 0.02, 5, 2,
                Duration.ofMinutes(30), VmSelection.MMT, 0.7, Duration.ofSeconds(20));
    }

    public static OverloadDetector detector(String spec) {
        return OverloadDetector.parse(spec);
    }

    /** How many newest samples must all be over the threshold for an overload to count. */
    public int holdSamples() {
        return (int) Math.max(1, Math.ceil((double) hold.toMillis() / sampleInterval.toMillis()));
    }
}

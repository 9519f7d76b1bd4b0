package io.berth.placement.rebalance;

import java.time.Duration;
import java.util.Objects;

/**
 * How the rebalancer decides.
 *
 * @param detector            when a host counts as overloaded
 * @param hold                it must have been overloaded in every sample of this stretch (sustained, not a spike)
 * @param minImprovement      a move must cut the pool's total overload (sum over hosts of CPU above threshold) by
 *                            at least this much, or it is not made; a host is left once none of its VMs can
 * @param maxMovesPerCycle    migrations per rebalance at most (a maintenance drain moves everything it can)
 * @param maxMovesPerHost     per rebalance, at most this many migrations out of a host, and as many into it
 * @param cooldown            an instance is not moved again within this time
 * @param vmSelection         which VM leaves first
 * @param targetCeiling       a target's CPU with the VM must stay at or below this
 * @param sampleInterval      the load model's sample interval (to turn the hold into a number of samples)
 * @param targetLoad          which CPU figure of a target the ceiling applies to
 * @param targetNotOverloaded a target must not be overloaded by the {@code detector} once the VM is there (a host with
 *                            no load at all is exempt: one VM alone may exceed an adaptive threshold)
 * @param consolidation       whether and how underloaded hosts are emptied so they can be switched off
 * @param reliefOrder         in which order the VMs leaving overloaded hosts are placed
 */
public record RebalanceSettings(OverloadDetector detector, Duration hold, double minImprovement, int maxMovesPerCycle,
                               int maxMovesPerHost, Duration cooldown, VmSelection vmSelection, double targetCeiling,
                               Duration sampleInterval, TargetLoad targetLoad, boolean targetNotOverloaded,
                               Consolidation consolidation, ReliefOrder reliefOrder) {

    /** In which order the VMs leaving overloaded hosts are placed. */
    public enum ReliefOrder {
        /** Host by host, worst first, each VM as soon as it is selected. */
        BY_HOST,
        /**
         * First every overloaded host selects the VMs it must shed, then they are placed biggest CPU first (the
         * "best fit decreasing" of Beloglazov &amp; Buyya's PABFD); a VM no host can take stays.
         */
        DECREASING
    }

    /** The CPU figure of a target host the ceiling applies to. */
    public enum TargetLoad {
        /** The load expected a few intervals ahead (max of forecast and EWMA) and never below what is planned now. */
        PROJECTED,
        /** The load now, with the moves planned so far: "the VM's demand must fit", as the paper's simulations check it. */
        CURRENT
    }

    /**
     * Underload consolidation: after relieving overloads, empty the least-loaded hosts one at a time, each only if
     * every one of its VMs finds a target (all or nothing), so the emptied host can be switched off. Beloglazov &amp;
     * Buyya's simulations try every host that is on, least loaded first; a production setting should ask more.
     *
     * @param enabled          off by default
     * @param underload        only hosts whose CPU is below this are emptied (1: any host)
     * @param useForecast      judge a host's CPU by its projected load (forecast and EWMA), not its current load, so a
     *                         host that is only briefly quiet is left alone
     * @param maxHostsPerCycle at most this many hosts are emptied per rebalance
     */
    public record Consolidation(boolean enabled, double underload, boolean useForecast, int maxHostsPerCycle) {
        public static final Consolidation OFF = new Consolidation(false, 0.0, false, 1);

        public Consolidation {
            if (!(underload >= 0 && underload <= 1)) throw new IllegalArgumentException("underload must be in [0, 1]");
            if (maxHostsPerCycle < 1) throw new IllegalArgumentException("maxHostsPerCycle must be at least 1");
        }

        /** Every host that is on may be emptied, least loaded first (the paper's simulations). */
        public static Consolidation any() {
            return new Consolidation(true, 1.0, false, Integer.MAX_VALUE);
        }
    }

    public RebalanceSettings {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(targetLoad, "targetLoad");
        Objects.requireNonNull(consolidation, "consolidation");
        Objects.requireNonNull(reliefOrder, "reliefOrder");
        if (maxMovesPerCycle < 1 || maxMovesPerHost < 1) throw new IllegalArgumentException("move caps must be at least 1");
        if (!(targetCeiling > 0 && targetCeiling <= 1)) throw new IllegalArgumentException("targetCeiling must be in (0, 1]");
        if (minImprovement < 0) throw new IllegalArgumentException("minImprovement must not be negative");
        if (sampleInterval.isZero() || sampleInterval.isNegative()) throw new IllegalArgumentException("sampleInterval must be positive");
        if (cooldown.isNegative()) throw new IllegalArgumentException("cooldown must not be negative");
    }

    /** The settings of a production rebalancer: projected target load, no detector check on targets, no consolidation. */
    public RebalanceSettings(OverloadDetector detector, Duration hold, double minImprovement, int maxMovesPerCycle,
                             int maxMovesPerHost, Duration cooldown, VmSelection vmSelection, double targetCeiling,
                             Duration sampleInterval) {
        this(detector, hold, minImprovement, maxMovesPerCycle, maxMovesPerHost, cooldown, vmSelection, targetCeiling,
                sampleInterval, TargetLoad.PROJECTED, false, Consolidation.OFF, ReliefOrder.BY_HOST);
    }

    public static RebalanceSettings defaults() {
        return new RebalanceSettings(new OverloadDetector.Threshold(0.8), Duration.ofMinutes(1), 0.02, 5, 2,
                Duration.ofMinutes(30), VmSelection.MMT, 0.7, Duration.ofSeconds(20));
    }

    /**
     * Beloglazov &amp; Buyya's setting (CCPE 2012), expressed as settings rather than a separate code path: the detector
     * acts on one sample (no hold), no caps, no cooldown, no minimum improvement; a target takes a VM if its demand fits
     * (ceiling 1 on the current load) and the detector does not find the target overloaded afterwards; the VMs leaving
     * overloaded hosts are placed biggest first; then every host that is on is a candidate for consolidation, least
     * loaded first.
     */
    public static RebalanceSettings reference(OverloadDetector detector, VmSelection vmSelection, Duration sampleInterval) {
        return new RebalanceSettings(detector, sampleInterval, 0.0, Integer.MAX_VALUE, Integer.MAX_VALUE, Duration.ZERO,
                vmSelection, 1.0, sampleInterval, TargetLoad.CURRENT, true, Consolidation.any(), ReliefOrder.DECREASING);
    }

    public static OverloadDetector detector(String spec) {
        return OverloadDetector.parse(spec);
    }

    /** How many newest samples must all be over the threshold for an overload to count. */
    public int holdSamples() {
        return (int) Math.max(1, Math.ceil((double) hold.toMillis() / sampleInterval.toMillis()));
    }

    public RebalanceSettings withDetector(OverloadDetector d) {
        return new RebalanceSettings(d, hold, minImprovement, maxMovesPerCycle, maxMovesPerHost, cooldown, vmSelection,
                targetCeiling, sampleInterval, targetLoad, targetNotOverloaded, consolidation, reliefOrder);
    }

    public RebalanceSettings withTargets(TargetLoad load, double ceiling, boolean notOverloaded) {
        return new RebalanceSettings(detector, hold, minImprovement, maxMovesPerCycle, maxMovesPerHost, cooldown, vmSelection,
                ceiling, sampleInterval, load, notOverloaded, consolidation, reliefOrder);
    }

    public RebalanceSettings withReliefOrder(ReliefOrder order) {
        return new RebalanceSettings(detector, hold, minImprovement, maxMovesPerCycle, maxMovesPerHost, cooldown, vmSelection,
                targetCeiling, sampleInterval, targetLoad, targetNotOverloaded, consolidation, order);
    }

    public RebalanceSettings withConsolidation(Consolidation c) {
        return new RebalanceSettings(detector, hold, minImprovement, maxMovesPerCycle, maxMovesPerHost, cooldown, vmSelection,
                targetCeiling, sampleInterval, targetLoad, targetNotOverloaded, c, reliefOrder);
    }
}

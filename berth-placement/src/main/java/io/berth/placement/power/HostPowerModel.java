package io.berth.placement.power;

/**
 * Where a placement pipeline learns what a host draws, for power-aware choices. It is optional and given by whoever
 * builds the policy: a resource manager that knows its hosts' power curves (a simulator, a datacenter with SPECpower
 * figures) passes one to a {@link io.berth.placement.score.PowerAwareScorer}; one that knows none simply does not
 * configure that scorer.
 */
public interface HostPowerModel {

    /** The host's power curve, or null if unknown (the scorer then ranks the host last). */
    PowerCurve curve(long hostId);

    /**
     * Whether the host is switched on now. Placing on a switched-off host wakes it, which costs its whole idle draw
     * on top of the load. By default every host counts as on.
     */
    default boolean poweredOn(long hostId) {
        return true;
    }
}

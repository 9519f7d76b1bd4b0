package io.berth.metrics;

/** What placement should make of a host whose load is no longer known (see {@link HostLoad#stale()}). */
public enum StalePolicy {
    /**
     * Keep it out of placement: {@link HostLoad#effectiveCpu()} and {@link HostLoad#projectedCpu()} report
     * {@code +Infinity}, so even a caller that forgets to check {@link HostLoad#stale()} never sees room on it.
     */
    EXCLUDE,
    /** Let placement use it, but as if it were at least {@link LoadMonitorSettings#stalePenaltyCpu()} loaded. */
    PENALISE
}

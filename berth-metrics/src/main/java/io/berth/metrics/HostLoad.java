package io.berth.metrics;

import java.time.Instant;

/**
 * What the {@link LoadMonitor} knows about one host's load at one moment; immutable.
 * CPU figures are fractions of the host's CPU capacity, memory figures fractions of its memory,
 * except the pending memory, which is in MB. Statistics of a host with no samples are {@code NaN}.
 *
 * @param hostId          the host
 * @param samples         CPU samples in the window (0 … windowSize)
 * @param lastSampleAt    when the newest sample was taken (millisecond resolution); null if never sampled
 * @param ageSeconds      seconds from {@code lastSampleAt} to the monitor's clock; +Infinity if never sampled.
 *                        Negative when the source's clock runs ahead of ours.
 * @param stale           no sample for more than staleAfterIntervals × interval, or never sampled
 * @param cpu             newest CPU sample
 * @param cpuEwma         EWMA of all CPU samples accepted so far
 * @param cpuP50          median of the CPU window (type-7 quantile)
 * @param cpuP95          95th percentile of the CPU window
 * @param cpuMad          raw median absolute deviation of the CPU window
 * @param cpuIqr          inter-quartile range of the CPU window
 * @param cpuForecast     local regression over the newest forecastSamples CPU values, forecastHorizonIntervals
 *                        ahead, clamped to [0, 1] because a straight line extrapolated from a ramp soon leaves
 *                        the range a CPU can be in
 * @param memoryFraction  newest memory used / total
 * @param memoryEwma      EWMA of the memory fraction
 * @param diskKbps        newest disk throughput, NaN if the source has none
 * @param netKbps         newest network throughput, NaN if the source has none
 * @param vmCount         newest VM count, -1 if unknown
 * @param pendingCpu      CPU of VMs placed or migrated here that samples cannot show yet
 * @param pendingMemoryMb memory of those VMs
 * @param stalePolicy     the monitor's policy, which {@link #effectiveCpu()} and {@link #projectedCpu()} apply
 * @param stalePenaltyCpu the least CPU a stale host counts as under {@link StalePolicy#PENALISE}
 */
public record HostLoad(long hostId, int samples, Instant lastSampleAt, double ageSeconds, boolean stale,
                       double cpu, double cpuEwma, double cpuP50, double cpuP95, double cpuMad, double cpuIqr,
                       double cpuForecast, double memoryFraction, double memoryEwma,
                       double diskKbps, double netKbps, int vmCount,
                       double pendingCpu, double pendingMemoryMb,
                       StalePolicy stalePolicy, double stalePenaltyCpu) {

    /**
     * The CPU load placement should assume now: {@code max(cpuEwma, cpu) + pendingCpu}.
     * The max keeps a sudden rise visible before the EWMA catches up, while the EWMA keeps a
     * momentary dip from making a busy host look free. Stale hosts: see {@link #staleAdjusted}.
     */
    public double effectiveCpu() {
        double measured = samples == 0 ? 0 : Math.max(cpuEwma, cpu);
        return staleAdjusted(measured) + pendingCpu;
    }

    /**
     * The CPU load to expect a few intervals ahead: {@code max(cpuForecast, cpuEwma) + pendingCpu},
     * so a falling trend never promises less than the smoothed present. Stale hosts: see {@link #staleAdjusted}.
     */
    public double projectedCpu() {
        double measured = samples == 0 ? 0 : Math.max(cpuForecast, cpuEwma);
        return staleAdjusted(measured) + pendingCpu;
    }

    /** True when placement must not use this host at all (stale under {@link StalePolicy#EXCLUDE}). */
    public boolean excludedFromPlacement() {
        return stale && stalePolicy == StalePolicy.EXCLUDE;
    }

    /**
     * A stale host is never reported as idle, since its old samples say nothing about the VMs it has now:
     * under PENALISE its load is at least {@code stalePenaltyCpu}; under EXCLUDE it is +Infinity,
     * which no capacity check passes and every least-loaded ordering puts last.
     */
    /**
     * Applied to the measured part only, before pending load is added: otherwise the penalty floor would hide load
     * placed since, and a burst would pile onto a stale host whose floor already "covers" it.
     */
    private double staleAdjusted(double value) {
        if (!stale) {
            return value;
        }
        return stalePolicy == StalePolicy.PENALISE ? Math.max(value, stalePenaltyCpu) : Double.POSITIVE_INFINITY;
    }
}

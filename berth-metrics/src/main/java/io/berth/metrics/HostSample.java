package io.berth.metrics;

import java.time.Instant;
import java.util.Objects;

/**
 * One load measurement of one host, as a resource manager reports it.
 *
 * @param hostId        the host's id (the core's {@code Host.id()})
 * @param at            when the measurement was taken (by the source's clock), not when it arrived
 * @param cpu           CPU in use as a fraction of the host's capacity; some sources briefly report
 *                      more than 1, which is kept as given
 * @param memoryUsedMb  memory in use
 * @param memoryTotalMb the host's memory, &gt; 0
 * @param diskKbps      disk throughput, {@code NaN} when the source has none
 * @param netKbps       network throughput, {@code NaN} when the source has none
 * @param vmCount       VMs running on the host, {@link #UNKNOWN_VM_COUNT} when the source does not say
 */
public record HostSample(long hostId, Instant at, double cpu, double memoryUsedMb, double memoryTotalMb,
                         double diskKbps, double netKbps, int vmCount) {

    public static final int UNKNOWN_VM_COUNT = -1;

    public HostSample {
        Objects.requireNonNull(at, "at");
        validate(cpu, memoryUsedMb, memoryTotalMb, diskKbps, netKbps, vmCount);
    }

    /** A sample from a source that reports only CPU and memory. */
    public static HostSample of(long hostId, Instant at, double cpu, double memoryUsedMb, double memoryTotalMb) {
        return new HostSample(hostId, at, cpu, memoryUsedMb, memoryTotalMb, Double.NaN, Double.NaN, UNKNOWN_VM_COUNT);
    }

    public double memoryFraction() {
        return memoryUsedMb / memoryTotalMb;
    }

    public boolean hasDisk() {
        return !Double.isNaN(diskKbps);
    }

    public boolean hasNet() {
        return !Double.isNaN(netKbps);
    }

    /**
     * The checks of the constructor, shared with {@link LoadMonitor}'s allocation-free
     * {@code accept} so both entry points refuse the same garbage.
     */
    static void validate(double cpu, double memoryUsedMb, double memoryTotalMb,
                         double diskKbps, double netKbps, int vmCount) {
        if (!(cpu >= 0) || Double.isInfinite(cpu)) {
            throw new IllegalArgumentException("cpu must be a finite fraction >= 0, was " + cpu);
        }
        if (!(memoryUsedMb >= 0) || Double.isInfinite(memoryUsedMb)) {
            throw new IllegalArgumentException("memoryUsedMb must be finite and >= 0, was " + memoryUsedMb);
        }
        if (!(memoryTotalMb > 0) || Double.isInfinite(memoryTotalMb)) {
            throw new IllegalArgumentException("memoryTotalMb must be finite and > 0, was " + memoryTotalMb);
        }
        if (diskKbps < 0 || Double.isInfinite(diskKbps)) {
            throw new IllegalArgumentException("diskKbps must be NaN (none) or finite and >= 0, was " + diskKbps);
        }
        if (netKbps < 0 || Double.isInfinite(netKbps)) {
            throw new IllegalArgumentException("netKbps must be NaN (none) or finite and >= 0, was " + netKbps);
        }
        if (vmCount < UNKNOWN_VM_COUNT) {
            throw new IllegalArgumentException("vmCount must be >= 0, or -1 for unknown, was " + vmCount);
        }
    }
}

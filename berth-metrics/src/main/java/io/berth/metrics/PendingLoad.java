package io.berth.metrics;

import java.time.Instant;
import java.util.Objects;

/**
 * Load placed or migrated onto a host that its samples cannot show yet (a VM still booting).
 * It counts until the host delivers a sample taken at or after {@code visibleAfter}, or until it is removed.
 *
 * @param key          the caller's handle, unique across hosts (a reservation or migration id)
 * @param hostId       the host the load goes to
 * @param cpu          CPU, as a fraction of that host's capacity
 * @param memoryMb     memory
 * @param visibleAfter from when on the host's samples include the load
 */
public record PendingLoad(String key, long hostId, double cpu, double memoryMb, Instant visibleAfter) {

    public PendingLoad {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(visibleAfter, "visibleAfter");
        if (key.isBlank()) {
            throw new IllegalArgumentException("pending load needs a non-blank key");
        }
        if (!(cpu >= 0) || Double.isInfinite(cpu)) {
            throw new IllegalArgumentException("pending cpu must be finite and >= 0, was " + cpu);
        }
        if (!(memoryMb >= 0) || Double.isInfinite(memoryMb)) {
            throw new IllegalArgumentException("pending memoryMb must be finite and >= 0, was " + memoryMb);
        }
    }

    /**
     * True when a sample taken at {@code sampleEpochMillis} already contains this load. Samples are kept
     * to the millisecond, so {@code visibleAfter} is rounded UP to one: a sample never retires load early.
     */
    boolean visibleIn(long sampleEpochMillis) {
        long visibleMillis = visibleAfter.toEpochMilli();
        if (visibleAfter.getNano() % 1_000_000 != 0) {
            visibleMillis++;
        }
        return sampleEpochMillis >= visibleMillis;
    }
}

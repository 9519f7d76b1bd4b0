package io.berth.core.reservation;

import java.time.Duration;

/**
 * Timings of the reservation lifecycle.
 *
 * @param provisionLeadTime how long before its start an advance reservation is placed and provisioned;
 *                          its capacity is held from then on
 * @param unusedTimeout     a READY reservation nobody acknowledged within this time is TIMED_OUT and reclaimed
 * @param provisionAttempts tries per provisioning (retryable failures only) before FAILED
 * @param startTolerance    a start this far in the past is taken as "now"; further back is an error
 * @param minDuration       shortest window accepted
 * @param maxAdvance        how far ahead a reservation may start
 * @param defaultDuration   window length when the request gives neither end nor duration
 * @param sweepInterval     how often due work (starts, ends, time-outs, stuck states) is looked for
 */
public record LifecycleSettings(Duration provisionLeadTime, Duration unusedTimeout, int provisionAttempts,
                                Duration startTolerance, Duration minDuration, Duration maxAdvance,
                                Duration defaultDuration, Duration sweepInterval) {

    public LifecycleSettings {
        if (provisionAttempts < 1) throw new IllegalArgumentException("provisionAttempts must be >= 1");
        if (provisionLeadTime.isNegative() || unusedTimeout.isNegative() || minDuration.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public static LifecycleSettings defaults() {
        return new LifecycleSettings(Duration.ofMinutes(5), Duration.ofMinutes(15), 2, Duration.ofSeconds(30),
                Duration.ofMinutes(1), Duration.ofDays(365), Duration.ofHours(1), Duration.ofSeconds(1));
    }
}

package io.berth.rm.sim;

import java.time.Duration;

/**
 * How the simulated datacenter behaves.
 *
 * @param bootTime           mean time from "provision" to a reachable instance
 * @param bootJitter         uniform +/- spread around the mean
 * @param failureProbability chance that one provisioning attempt fails (retryable), for fault injection
 * @param seed               seeds the randomness (addresses, passwords aside), for repeatable runs
 */
public record SimSettings(Duration bootTime, Duration bootJitter, double failureProbability, long seed) {
    public SimSettings {
        if (failureProbability < 0 || failureProbability > 1) throw new IllegalArgumentException("failureProbability must be in [0, 1]");
        if (bootJitter.compareTo(bootTime) > 0) throw new IllegalArgumentException("bootJitter must not exceed bootTime");
    }

    /** A few seconds of boot, like a small VM from a linked clone. */
    public static SimSettings realistic() {
        return new SimSettings(Duration.ofSeconds(4), Duration.ofSeconds(2), 0.0, System.nanoTime());
    }
}

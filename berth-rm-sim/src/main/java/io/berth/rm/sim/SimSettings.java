package io.berth.rm.sim;

import io.berth.rm.sim.profile.ProfileSpec;

import java.time.Duration;
import java.util.Map;

/**
 * How the simulated datacenter behaves.
 *
 * @param bootTime           mean time from "provision" to a reachable instance
 * @param bootJitter         uniform +/- spread around the mean
 * @param failureProbability chance that one provisioning attempt fails (retryable), for fault injection
 * @param seed               seeds the randomness (boot times, failures), for repeatable runs
 * @param sampleInterval     how often hosts report their load (0: only when asked, for tests that move the clock)
 * @param defaultProfile     how busy VMs are (see {@link ProfileSpec}), unless their image has its own
 * @param imageProfiles      per image name, a profile overriding the default
 * @param migrationMbps      live-migration bandwidth: moving a VM takes its memory / this
 */
public record SimSettings(Duration bootTime, Duration bootJitter, double failureProbability, long seed,
                          Duration sampleInterval, String defaultProfile, Map<String, String> imageProfiles, double migrationMbps) {
    public SimSettings {
        if (failureProbability < 0 || failureProbability > 1) throw new IllegalArgumentException("failureProbability must be in [0, 1]");
        if (bootJitter.compareTo(bootTime) > 0) throw new IllegalArgumentException("bootJitter must not exceed bootTime");
        if (sampleInterval.isNegative()) throw new IllegalArgumentException("sampleInterval must not be negative");
        if (!(migrationMbps > 0)) throw new IllegalArgumentException("migrationMbps must be positive");
        imageProfiles = Map.copyOf(imageProfiles);
        ProfileSpec.parse(defaultProfile);
        imageProfiles.values().forEach(ProfileSpec::parse);
    }

    public SimSettings(Duration bootTime, Duration bootJitter, double failureProbability, long seed) {
        this(bootTime, bootJitter, failureProbability, seed, Duration.ZERO, "synthetic", Map.of(), 10_000);
    }

    /** A few seconds of boot, like a small VM from a linked clone; samples every 20 s like vSphere's real-time stats. */
    public static SimSettings realistic() {
        return new SimSettings(Duration.ofSeconds(4), Duration.ofSeconds(2), 0.0, System.nanoTime(),
                Duration.ofSeconds(20), "synthetic", Map.of(), 10_000);
    }

    public SimSettings withSampling(Duration interval) {
        return new SimSettings(bootTime, bootJitter, failureProbability, seed, interval, defaultProfile, imageProfiles, migrationMbps);
    }

    public SimSettings withProfiles(String defaults, Map<String, String> perImage) {
        return new SimSettings(bootTime, bootJitter, failureProbability, seed, sampleInterval, defaults, perImage, migrationMbps);
    }

    public SimSettings withMigrationMbps(double mbps) {
        return new SimSettings(bootTime, bootJitter, failureProbability, seed, sampleInterval, defaultProfile, imageProfiles, mbps);
    }
}

package io.berth.rm.sim.profile;

import java.time.Duration;
import java.time.Instant;

/**
 * A daily-ish wave with noise: base + amplitude·sin(2π·t/period + phase) + noise, clamped to [0, 1]. The noise is
 * a deterministic function of (seed, time step), so the same VM replays the same load, and two reads at one
 * instant agree.
 */
public record SyntheticProfile(double base, double amplitude, Duration period, double noise, double phase, long seed)
        implements UtilisationProfile {

    private static final long NOISE_STEP_MILLIS = 20_000;

    @Override
    public double at(Instant t) {
        double x = 2 * Math.PI * (t.toEpochMilli() % period.toMillis()) / period.toMillis() + phase;
        double v = base + amplitude * Math.sin(x) + noise * centredNoise(t.toEpochMilli() / NOISE_STEP_MILLIS);
        return Math.max(0, Math.min(1, v));
    }

    /** A hash of (seed, step) mapped to [-1, 1]: repeatable noise without shared state. */
    private double centredNoise(long step) {
        long z = seed * 0x9E3779B97F4A7C15L + step;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return ((z >>> 11) * 0x1.0p-53) * 2 - 1;
    }
}

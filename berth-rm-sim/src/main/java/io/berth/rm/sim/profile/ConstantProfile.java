package io.berth.rm.sim.profile;

import java.time.Instant;

/** Always the same load: the simplest workload to reason about in tests and demos. */
public record ConstantProfile(double level) implements UtilisationProfile {
    public ConstantProfile {
        if (!(level >= 0 && level <= 1)) throw new IllegalArgumentException("a constant load is in [0, 1]");
    }

    @Override
    public double at(Instant t) {
        return level;
    }
}

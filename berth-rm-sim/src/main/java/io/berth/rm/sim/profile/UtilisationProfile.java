package io.berth.rm.sim.profile;

import java.time.Instant;

/** How busy a simulated VM is over time: the fraction of its VCPUs it uses at an instant, in [0, 1]. */
@FunctionalInterface
public interface UtilisationProfile {
    double at(Instant t);
}

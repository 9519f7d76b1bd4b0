package io.berth.rm.sim;

import io.berth.core.resource.Instance;
import io.berth.rm.sim.profile.UtilisationProfile;

/** A simulated VM: which reservation it serves, where it runs, its size and how busy it is over time. */
public record SimInstance(long reservationId, long hostId, Instance instance, long vcpus, long memoryMb, UtilisationProfile profile) {
    public SimInstance onHost(long newHostId) {
        return new SimInstance(reservationId, newHostId, instance, vcpus, memoryMb, profile);
    }
}

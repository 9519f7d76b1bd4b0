package io.berth.core.resource;

import io.berth.core.reservation.ReservationState;

/**
 * A reservation that holds (or is about to hold) an instance of a resource type, as the core sees it: for a
 * resource manager to compare with what really runs. {@code hostId} and {@code instanceId} may be null
 * while it is being placed or provisioned.
 */
public record LiveInstance(long reservationId, Long hostId, String instanceId, ReservationState state) {
    /** Provisioned and handed to its user: its instance must exist. */
    public boolean running() {
        return state == ReservationState.READY || state == ReservationState.IN_USE;
    }
}

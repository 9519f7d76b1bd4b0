package io.berth.core.rebalance;

import io.berth.core.domain.Image;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.reservation.ReservationState;

import java.time.Instant;

/**
 * An instance holding a host, as the rebalancer sees it. Only READY and IN_USE ones may move; the others
 * (provisioning, ending) still count on their host.
 */
public record RunningInstance(long reservationId, long hostId, Image image, PlacementGroup group, ReservationState state,
                              Instant windowEnd, Instant lastMigratedAt) {
    public boolean movable() {
        return state == ReservationState.READY || state == ReservationState.IN_USE;
    }
}

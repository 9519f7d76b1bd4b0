package io.berth.core.store;

import io.berth.core.reservation.ReservationState;

import java.util.Set;

/** Filters for listing reservations; null fields do not filter. Newest first. */
public record ReservationQuery(Long ownerId, Long imageId, Long hostId, Set<ReservationState> states, int limit, long beforeId) {

    public ReservationQuery {
        states = states == null ? null : Set.copyOf(states);
        if (limit <= 0 || limit > 1000) throw new IllegalArgumentException("limit must be 1-1000");
    }

    public static ReservationQuery all() {
        return new ReservationQuery(null, null, null, null, 1000, Long.MAX_VALUE);
    }

    public static ReservationQuery inStates(Set<ReservationState> states) {
        return new ReservationQuery(null, null, null, states, 1000, Long.MAX_VALUE);
    }
}

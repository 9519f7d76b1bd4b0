package io.berth.core.reservation;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.TimeWindow;

import java.time.Instant;

/**
 * A user's claim on an image for a time window, and where it stands.
 * {@code hostId} is the placement (or, while FUTURE, the host whose calendar holds the claim);
 * {@code instanceId} is the resource manager's name for the running instance.
 * {@code version} increases with every transition and orders the reservation's events.
 * {@code group} (may be null) keeps it together with, or apart from, other reservations of the same group.
 */
public record Reservation(long id, long ownerId, long imageId, String resourceType, TimeWindow window,
                          ReservationState state, Long hostId, String instanceId, ConnectData connect,
                          String failureCause, Instant createdAt, Instant readyAt, Instant acknowledgedAt,
                          Instant reclaimedAt, int version, PlacementGroup group) {

    /** A reservation outside any placement group. */
    public Reservation(long id, long ownerId, long imageId, String resourceType, TimeWindow window,
                       ReservationState state, Long hostId, String instanceId, ConnectData connect,
                       String failureCause, Instant createdAt, Instant readyAt, Instant acknowledgedAt,
                       Instant reclaimedAt, int version) {
        this(id, ownerId, imageId, resourceType, window, state, hostId, instanceId, connect, failureCause, createdAt,
                readyAt, acknowledgedAt, reclaimedAt, version, null);
    }

    public Reservation moveTo(ReservationState target) {
        if (!state.canMoveTo(target)) throw new IllegalTransitionException(id, state, target);
        return new Reservation(id, ownerId, imageId, resourceType, window, target, hostId, instanceId, connect,
                failureCause, createdAt, readyAt, acknowledgedAt, reclaimedAt, version + 1, group);
    }

    public Reservation withHost(Long newHostId) {
        return new Reservation(id, ownerId, imageId, resourceType, window, state, newHostId, instanceId, connect,
                failureCause, createdAt, readyAt, acknowledgedAt, reclaimedAt, version, group);
    }

    public Reservation withWindow(TimeWindow newWindow) {
        return new Reservation(id, ownerId, imageId, resourceType, newWindow, state, hostId, instanceId, connect,
                failureCause, createdAt, readyAt, acknowledgedAt, reclaimedAt, version, group);
    }

    public Reservation withInstance(String newInstanceId, ConnectData newConnect, Instant ready) {
        return new Reservation(id, ownerId, imageId, resourceType, window, state, hostId, newInstanceId, newConnect,
                failureCause, createdAt, ready, acknowledgedAt, reclaimedAt, version, group);
    }

    public Reservation withFailureCause(String cause) {
        return new Reservation(id, ownerId, imageId, resourceType, window, state, hostId, instanceId, connect,
                cause, createdAt, readyAt, acknowledgedAt, reclaimedAt, version, group);
    }

    public Reservation acknowledged(Instant at) {
        return new Reservation(id, ownerId, imageId, resourceType, window, state, hostId, instanceId, connect,
                failureCause, createdAt, readyAt, at, reclaimedAt, version, group);
    }

    /** Marks the host freed: instance destroyed (if there was one) and capacity released. */
    public Reservation reclaimed(Instant at) {
        return new Reservation(id, ownerId, imageId, resourceType, window, state, hostId, instanceId, connect,
                failureCause, createdAt, readyAt, acknowledgedAt, at, version, group);
    }

    /**
     * Version bumps happen only here and in {@link #moveTo}: every event, transition or not, takes the next
     * place in the reservation's order. The other withers change fields only.
     */
    public Reservation bumped() {
        return new Reservation(id, ownerId, imageId, resourceType, window, state, hostId, instanceId, connect,
                failureCause, createdAt, readyAt, acknowledgedAt, reclaimedAt, version + 1, group);
    }

    public boolean isOwnedBy(long userId) {
        return ownerId == userId;
    }
}

package io.berth.core.reservation;

import io.berth.core.domain.PlacementGroup;

import java.time.Duration;
import java.time.Instant;

/**
 * What a user asks for. {@code start} null means now; give {@code end} or {@code duration}, or neither
 * for the default length. {@code group} (optional) keeps it with or apart from the group's other reservations.
 */
public record ReservationRequest(long imageId, Instant start, Instant end, Duration duration, PlacementGroup group) {
    public ReservationRequest(long imageId, Instant start, Instant end, Duration duration) {
        this(imageId, start, end, duration, null);
    }
}

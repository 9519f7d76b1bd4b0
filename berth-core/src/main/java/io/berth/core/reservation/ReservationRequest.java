package io.berth.core.reservation;

import java.time.Duration;
import java.time.Instant;

/**
 * What a user asks for. {@code start} null means now; give {@code end} or {@code duration}, or neither
 * for the default length.
 */
public record ReservationRequest(long imageId, Instant start, Instant end, Duration duration) {}

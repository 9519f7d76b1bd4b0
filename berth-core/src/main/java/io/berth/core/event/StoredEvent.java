package io.berth.core.event;

import java.time.Instant;

/**
 * An event as persisted: {@code sequence} is global, gapless and in commit order;
 * {@code reservationSeq} orders the events of one reservation (it equals the reservation's version after the event).
 */
public record StoredEvent(long sequence, long reservationId, int reservationSeq, Instant at, ReservationEvent event) {}

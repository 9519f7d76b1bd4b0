package io.berth.core.event;

import java.time.Instant;

/**
 * An event as persisted: {@code sequence} is global and increasing, and readers never see one that fills in later
 * (rolled-back appends leave gaps);
 * {@code reservationSeq} orders the events of one reservation (it equals the reservation's version after the event).
 */
public record StoredEvent(long sequence, long reservationId, int reservationSeq, Instant at, ReservationEvent event) {}

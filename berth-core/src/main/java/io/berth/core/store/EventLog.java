package io.berth.core.store;

import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The ordered record of everything that happened. Sequences increase, and readers never see a gap that fills
 * in later: {@link #after} returns nothing beyond a number whose transaction may still commit. A rolled-back
 * append leaves a gap for good.
 */
public interface EventLog {
    StoredEvent append(long reservationId, int reservationSeq, Instant at, ReservationEvent event);

    List<StoredEvent> ofReservation(long reservationId);

    List<StoredEvent> ofReservationAfter(long reservationId, long afterSequence);

    List<StoredEvent> after(long afterSequence, int limit);

    long lastSequence();

    /** The newest placement decisions that chose this host (events whose {@code decidedHost()} is it), newest first. */
    List<StoredEvent> decisionsOnHost(long hostId, int limit);

    /** Where a durable subscriber stopped; empty if it never ran. */
    OptionalLong checkpoint(String subscriber);

    void saveCheckpoint(String subscriber, long sequence);
}

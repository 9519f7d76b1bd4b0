package io.berth.core.store;

import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public interface ReservationRepository {
    /** A fresh id, taken before admission so the placement can name the reservation it decides for. */
    long newId();

    /** Inserts the reservation under its own id (from {@link #newId()}). */
    void insert(Reservation reservation);

    Optional<Reservation> find(long id);

    /** Reads and row-locks the reservation until the transaction ends. */
    Optional<Reservation> lock(long id);

    /**
     * Writes {@code updated} if the stored version is still {@code expectedVersion}.
     * Returns false when someone else moved the reservation first.
     */
    boolean update(Reservation updated, int expectedVersion);

    List<Reservation> query(ReservationQuery query);

    /** FUTURE reservations whose window starts at or before {@code t}. */
    List<Reservation> futureStartingBy(Instant t);

    /** Reservations in PLACED, PROVISIONING, READY or IN_USE whose window ended at or before {@code t}. */
    List<Reservation> windowEndedBy(Instant t);

    /** READY reservations that became ready at or before {@code t} and were never acknowledged. */
    List<Reservation> readyUnusedSince(Instant t);

    /** Reservations in a terminal state whose instance or capacity was not reclaimed yet. */
    List<Reservation> awaitingReclaim();

    /** The image's live reservations whose window ends after {@code t} (for its maximum concurrent use). */
    List<Reservation> liveOfImage(long imageId, Instant endingAfter);

    Map<ReservationState, Long> countByState();
}

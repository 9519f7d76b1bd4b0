package io.berth.core.event;

/** Someone changed the reservation between our read and our write; the transaction is rolled back. */
public class StaleReservationException extends RuntimeException {
    public StaleReservationException(long reservationId) {
        super("reservation " + reservationId + " changed concurrently");
    }
}

package io.berth.core.reservation;

/** A transition the lifecycle does not allow, e.g. extending a CLOSED reservation. */
public class IllegalTransitionException extends RuntimeException {
    private final ReservationState from;
    private final ReservationState to;

    public IllegalTransitionException(long reservationId, ReservationState from, ReservationState to) {
        super("reservation " + reservationId + " cannot go from " + from + " to " + to
                + (from.isTerminal() ? " (it has ended)" : "; allowed next states: " + from.successors()));
        this.from = from;
        this.to = to;
    }

    public ReservationState from() { return from; }
    public ReservationState to() { return to; }
}

package io.berth.core.reservation;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of a reservation. Legal moves are listed here and nowhere else;
 * {@link #canMoveTo} is the single check every transition goes through.
 */
public enum ReservationState {
    /** Accepted for validation and admission (lives only inside the admitting transaction). */
    REQUESTED,
    /** Admitted for a later window: capacity is claimed on the calendar, nothing runs yet. */
    FUTURE,
    /** A host was chosen by the resource manager's placement controller. */
    PLACED,
    /** The resource manager is creating and booting the instance. */
    PROVISIONING,
    /** Booted and reachable; waiting for the user. */
    READY,
    /** The user connected or acknowledged. */
    IN_USE,
    /** Ended by the user, an admin or the window's end; the instance is being reclaimed. */
    ENDING,
    CLOSED,
    /** Something went wrong; the cause is recorded and the capacity released. */
    FAILED,
    /** Ready but never used within the configured time; the instance is reclaimed. */
    TIMED_OUT;

    static {
        REQUESTED.next = EnumSet.of(FUTURE, PLACED, FAILED);
        FUTURE.next = EnumSet.of(PLACED, ENDING, FAILED);
        PLACED.next = EnumSet.of(PROVISIONING, ENDING, FAILED);
        PROVISIONING.next = EnumSet.of(READY, ENDING, FAILED);
        READY.next = EnumSet.of(IN_USE, ENDING, TIMED_OUT, FAILED);
        IN_USE.next = EnumSet.of(ENDING, FAILED);
        ENDING.next = EnumSet.of(CLOSED, FAILED);
        CLOSED.next = EnumSet.noneOf(ReservationState.class);
        FAILED.next = EnumSet.noneOf(ReservationState.class);
        TIMED_OUT.next = EnumSet.noneOf(ReservationState.class);
    }

    private Set<ReservationState> next;

    public boolean canMoveTo(ReservationState target) {
        return next.contains(target);
    }

    public Set<ReservationState> successors() {
        return Set.copyOf(next);
    }

    public boolean isTerminal() {
        return next.isEmpty();
    }

    /** States in which the reservation holds (or is about to hold) an instance on a host. */
    public boolean holdsHost() {
        return this == PLACED || this == PROVISIONING || this == READY || this == IN_USE || this == ENDING;
    }

    /** Not yet terminal: counts against capacity and concurrency limits. */
    public static Set<ReservationState> live() {
        return EnumSet.complementOf(EnumSet.of(CLOSED, FAILED, TIMED_OUT));
    }
}

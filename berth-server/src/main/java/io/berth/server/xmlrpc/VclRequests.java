package io.berth.server.xmlrpc;

import io.berth.core.domain.User;
import io.berth.core.error.NotFoundException;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationService;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.ReservationQuery;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The reservations a VCL client sees as its "requests": the caller's own (VCL's API acts on the caller's requests
 * only, admins included), except those ended (ENDING, CLOSED) and, once their window is over, those that failed or
 * timed out. Anything else is "unknown requestid" (error 1), as in VCL after a request is deleted.
 */
final class VclRequests {
    private final ReservationService reservations;
    private final Clock clock;

    VclRequests(ReservationService reservations, Clock clock) {
        this.reservations = reservations;
        this.clock = clock;
    }

    Optional<Reservation> find(User user, long id) {
        try {
            Reservation r = reservations.get(user, id);
            return r.isOwnedBy(user.id()) && visible(r, clock.instant()) ? Optional.of(r) : Optional.empty();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** By start, then id, as VCL lists a user's requests. */
    List<Reservation> list(User user) {
        Instant now = clock.instant();
        return reservations.list(user, new ReservationQuery(user.id(), null, null, null, 1000, Long.MAX_VALUE)).stream()
                .filter(r -> r.isOwnedBy(user.id()) && visible(r, now))
                .sorted(Comparator.comparing((Reservation r) -> r.window().start()).thenComparingLong(Reservation::id))
                .toList();
    }

    static boolean visible(Reservation r, Instant now) {
        return switch (r.state()) {
            case ENDING, CLOSED, REQUESTED -> false;
            case FAILED, TIMED_OUT -> r.window().end().isAfter(now);
            default -> true;
        };
    }

    /** The names of VCL's request states for Berth's (a loading request reports its last state, "new", as VCL does). */
    static String stateName(ReservationState s) {
        return switch (s) {
            case REQUESTED, FUTURE, PLACED, PROVISIONING -> "new";
            case READY -> "reserved";
            case IN_USE -> "inuse";
            case FAILED -> "failed";
            case TIMED_OUT -> "timeout";
            case ENDING -> "deleted";
            case CLOSED -> "complete";
        };
    }
}

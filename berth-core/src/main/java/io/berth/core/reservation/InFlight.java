package io.berth.core.reservation;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Reservations this process is working on right now (provisioning or reclaiming). Event handlers and the
 * sweeper both go through it, so one reservation never has two workers in this process.
 */
final class InFlight {
    /** Each reservation being worked on, and whether another worker was turned away from it meanwhile. */
    private final ConcurrentHashMap<Long, Boolean> ids = new ConcurrentHashMap<>();

    boolean tryStart(long reservationId) {
        boolean[] started = {false};
        ids.compute(reservationId, (id, turnedAway) -> {
            if (turnedAway != null) return true;
            started[0] = true;
            return false;
        });
        return started[0];
    }

    /** Ends the work; true if another worker was turned away while it ran (whatever it wanted may still be due). */
    boolean done(long reservationId) {
        return Boolean.TRUE.equals(ids.remove(reservationId));
    }

    boolean contains(long reservationId) {
        return ids.containsKey(reservationId);
    }

    int size() {
        return ids.size();
    }
}

package io.berth.core.reservation;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reservations this process is working on right now (provisioning or reclaiming). Event handlers and the
 * sweeper both go through it, so one reservation never has two workers in this process.
 */
final class InFlight {
    private final Set<Long> ids = ConcurrentHashMap.newKeySet();

    boolean tryStart(long reservationId) {
        return ids.add(reservationId);
    }

    void done(long reservationId) {
        ids.remove(reservationId);
    }

    boolean contains(long reservationId) {
        return ids.contains(reservationId);
    }

    int size() {
        return ids.size();
    }
}

package io.berth.core.reservation;

import io.berth.core.event.Journal;
import io.berth.core.event.ReservationEvent;
import io.berth.core.resource.ReclaimRequest;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * Gives hosts back: destroys the instance of an ENDING, FAILED or TIMED_OUT reservation, then releases its
 * capacity (ENDING becomes CLOSED). A failed reclaim keeps the capacity held and is retried with backoff by
 * the sweeper, so an instance Berth could not destroy is never double-booked over.
 */
final class Reclamation {
    private static final Logger log = LoggerFactory.getLogger(Reclamation.class);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Store store;
    private final Journal journal;
    private final ResourceManagers managers;
    private final Clock clock;
    private final InFlight inFlight;
    private final ExecutorService workers;
    private final io.berth.core.calendar.CapacityLedger ledger;
    private final Map<Long, Backoff> backoff = new ConcurrentHashMap<>();

    private record Backoff(Instant notBefore, Duration delay) {}

    Reclamation(Store store, Journal journal, ResourceManagers managers, Clock clock, InFlight inFlight, ExecutorService workers,
                io.berth.core.calendar.CapacityLedger ledger) {
        this.ledger = ledger;
        this.store = store;
        this.journal = journal;
        this.managers = managers;
        this.clock = clock;
        this.inFlight = inFlight;
        this.workers = workers;
    }

    /** Reclaims in the background if the reservation is due for it and nobody in this process works on it. */
    void reclaimIfDue(long reservationId) {
        Backoff b = backoff.get(reservationId);
        if (b != null && clock.instant().isBefore(b.notBefore())) return;
        Reservation r = store.inTransaction(tx -> tx.reservations().find(reservationId)).orElse(null);
        if (r == null || !isDue(r)) return;
        if (!inFlight.tryStart(reservationId)) return;
        workers.execute(() -> {
            try {
                run(reservationId);
            } finally {
                inFlight.done(reservationId);
            }
        });
    }

    static boolean isDue(Reservation r) {
        return r.reclaimedAt() == null && (r.state() == ReservationState.ENDING
                || r.state() == ReservationState.FAILED || r.state() == ReservationState.TIMED_OUT);
    }

    private void run(long reservationId) {
        Reservation r = store.inTransaction(tx -> tx.reservations().find(reservationId)).orElse(null);
        if (r == null || !isDue(r)) return;
        boolean hadInstance = r.hostId() != null;
        if (hadInstance) {
            try {
                managers.forType(r.resourceType()).reclaim(new ReclaimRequest(r.id(), r.hostId(), r.instanceId()));
            } catch (Exception e) {
                Backoff previous = backoff.get(reservationId);
                Duration delay = previous == null ? Duration.ofSeconds(1) : min(previous.delay().multipliedBy(2), MAX_BACKOFF);
                backoff.put(reservationId, new Backoff(clock.instant().plus(delay), delay));
                log.warn("reclaiming reservation {} failed; capacity stays held, retrying in {} s: {}",
                        reservationId, delay.toSeconds(), e.toString());
                return;
            }
        }
        backoff.remove(reservationId);
        journal.write(rec -> {
            Reservation current = rec.tx().reservations().lock(reservationId).orElseThrow();
            if (!isDue(current)) return null;
            Instant now = clock.instant();
            rec.tx().allocations().release(reservationId, now);
            ledger.releaseAfterCommit(rec.tx(), reservationId);
            Reservation reclaimed = rec.apply(current, new ReservationEvent.Reclaimed(current.hostId(), current.instanceId()),
                    x -> x.reclaimed(now));
            if (reclaimed.state() == ReservationState.ENDING) rec.apply(reclaimed, new ReservationEvent.Closed());
            return null;
        });
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

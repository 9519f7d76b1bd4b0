package io.berth.core.reservation;

import io.berth.core.calendar.Allocation;
import io.berth.core.calendar.CapacityCalendar;
import io.berth.core.calendar.CapacityLedger;
import io.berth.core.calendar.LedgerEntry;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.TimeWindow;
import io.berth.core.error.ConflictException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotFoundException;
import io.berth.core.event.Journal;
import io.berth.core.event.ReservationEvent;
import io.berth.core.resource.MigrationException;
import io.berth.core.resource.MigrationReason;
import io.berth.core.resource.MigrationRequest;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;
import io.berth.core.store.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * Live migration of running reservations, whoever asks (the rebalancer, maintenance, an admin). Under the
 * calendar lock it checks the target (state, capacity for the rest of the window, placement-group rules),
 * then holds capacity on both hosts while the resource manager moves the instance; the outcome is an event
 * either way, and the instance never ends up on a host the calendar does not know about.
 */
public final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private final Store store;
    private final Journal journal;
    private final ResourceManagers managers;
    private final Clock clock;
    private final InFlight inFlight;
    private final ExecutorService workers;
    private final Reclamation reclamation;
    private final CapacityLedger ledger;

    Migrations(Store store, Journal journal, ResourceManagers managers, Clock clock, InFlight inFlight,
               ExecutorService workers, Reclamation reclamation, CapacityLedger ledger) {
        this.ledger = ledger;
        this.store = store;
        this.journal = journal;
        this.managers = managers;
        this.clock = clock;
        this.inFlight = inFlight;
        this.workers = workers;
        this.reclamation = reclamation;
    }

    /** The finished migration: the reservation on its new host, or the error that left it where it was. */
    public record Outcome(Reservation reservation, boolean moved, String error, Duration took) {}

    /**
     * Starts moving a reservation to a host. Returns once the move is recorded as started; the future completes
     * when the resource manager is done.
     *
     * @throws ConflictException    if the reservation cannot move now (not running, busy, type cannot migrate)
     * @throws InvalidInputException naming "hostId" if the target cannot take it
     */
    public CompletableFuture<Outcome> start(long reservationId, long toHostId, MigrationReason reason) {
        Reservation seen = store.inTransaction(tx -> tx.reservations().find(reservationId))
                .orElseThrow(() -> new NotFoundException("reservation", reservationId));
        ResourceManager manager = managers.forType(seen.resourceType());
        if (!manager.canMigrate()) {
            throw new ConflictException("resource type " + seen.resourceType() + " cannot live-migrate");
        }
        if (!inFlight.tryStart(reservationId)) {
            throw new ConflictException("reservation " + reservationId + " is being provisioned, migrated or reclaimed; try later");
        }
        try {
            Started started = journal.write(rec -> begin(rec, reservationId, toHostId, reason));
            CompletableFuture<Outcome> done = new CompletableFuture<>();
            workers.execute(() -> {
                try {
                    done.complete(run(started, manager));
                } catch (RuntimeException e) {
                    done.completeExceptionally(e);
                } finally {
                    inFlight.done(reservationId);
                    reclamation.reclaimIfDue(reservationId); // it may have ended while moving
                }
            });
            return done;
        } catch (RuntimeException e) {
            inFlight.done(reservationId);
            throw e;
        }
    }

    private record Started(Reservation reservation, Image image, Host from, Host to, Instant at) {}

    private Started begin(Journal.Recorder rec, long reservationId, long toHostId, MigrationReason reason) {
        Tx tx = rec.tx();
        Reservation r = tx.reservations().lock(reservationId).orElseThrow();
        if (r.state() != ReservationState.READY && r.state() != ReservationState.IN_USE) {
            throw new ConflictException("reservation " + reservationId + " is " + r.state()
                    + "; only READY or IN_USE reservations can be migrated");
        }
        if (r.hostId() == null) throw new ConflictException("reservation " + reservationId + " holds no host");
        if (r.hostId() == toHostId) throw new InvalidInputException("hostId", "reservation " + reservationId + " already runs on host " + toHostId);
        Host from = tx.inventory().findHost(r.hostId()).orElseThrow();
        Host to = tx.inventory().findHost(toHostId).orElseThrow(() -> new InvalidInputException("hostId", "no host " + toHostId));
        if (!to.resourceType().equals(r.resourceType())) {
            throw new InvalidInputException("hostId", "host " + to.name() + " is a " + to.resourceType() + " host, not " + r.resourceType());
        }
        if (to.state() != HostState.AVAILABLE) throw new InvalidInputException("hostId", "host " + to.name() + " is " + to.state());
        Image image = tx.images().find(r.imageId()).orElseThrow(() -> new ConflictException("the reservation's image no longer exists"));
        Instant now = clock.instant();
        TimeWindow rest = new TimeWindow(now, r.window().end().isAfter(now) ? r.window().end() : now.plusMillis(1));
        LedgerEntry held = ledger.read(v -> v.entry(reservationId))
                .orElseThrow(() -> new ConflictException("reservation " + reservationId + " holds no capacity"));
        Allocation a = held.allocation();
        LedgerEntry moving = held.withAllocation(new Allocation(a.reservationId(), a.hostId(), a.resources(), a.window(), toHostId));
        Optional<String> objection = ledger.claim(tx, moving, v -> {
            List<Allocation> onTarget = v.onHostDuring(toHostId, rest, reservationId);
            if (!CapacityCalendar.fits(to, onTarget, rest, image.minimum())) {
                return Optional.of("host " + to.name() + " lacks capacity for it until " + r.window().end()
                        + " (free: " + CapacityCalendar.free(to, onTarget, rest).amounts() + ", needed: " + image.minimum().amounts() + ")");
            }
            return groupObjection(v, r, to);
        });
        if (objection.isPresent()) throw new InvalidInputException("hostId", objection.get());
        tx.allocations().startMigration(reservationId, toHostId);
        Reservation started = rec.apply(r, new ReservationEvent.MigrationStarted(from.id(), from.name(), to.id(), to.name(), reason));
        return new Started(started, image, from, to, now);
    }

    /** Group rules are hard: they hold during and after every move. */
    private static Optional<String> groupObjection(CapacityLedger.View v, Reservation r, Host to) {
        PlacementGroup g = r.group();
        if (g == null) return Optional.empty();
        java.util.Map<Long, Integer> others = v.groupMembers(g.name(), r.id());
        if (g.kind() == PlacementGroup.Kind.ANTI_AFFINITY && others.containsKey(to.id())) {
            return Optional.of("anti-affinity group '" + g.name() + "' already has a member on " + to.name());
        }
        if (g.kind() == PlacementGroup.Kind.AFFINITY && others.keySet().stream().anyMatch(h -> h != to.id())) {
            return Optional.of("affinity group '" + g.name() + "' has members on other hosts; moving one alone would split it");
        }
        return Optional.empty();
    }

    private Outcome run(Started s, ResourceManager manager) {
        long began = System.nanoTime();
        String error = null;
        try {
            manager.migrate(new MigrationRequest(s.reservation().id(), s.reservation().instanceId(), s.image(), s.from(), s.to()));
        } catch (MigrationException e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            log.error("migration of reservation {} crashed in the resource manager", s.reservation().id(), e);
            error = "resource manager error: " + e;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - began);
        String failure = error;
        Reservation after = journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(s.reservation().id()).orElseThrow();
            if (failure == null) {
                rec.tx().allocations().finishMigration(r.id());
                ledger.changeAfterCommit(rec.tx(), r.id(), e -> e.withAllocation(new Allocation(r.id(), s.to().id(),
                        e.allocation().resources(), e.allocation().window(), null)));
                return rec.apply(r, new ReservationEvent.Migrated(s.from().id(), s.to().id(), s.to().name(), took.toMillis()),
                        x -> x.withHost(s.to().id()));
            }
            rec.tx().allocations().abortMigration(r.id());
            ledger.changeAfterCommit(rec.tx(), r.id(), e -> e.withAllocation(new Allocation(r.id(), e.allocation().hostId(),
                    e.allocation().resources(), e.allocation().window(), null)));
            return rec.apply(r, new ReservationEvent.MigrationFailed(s.to().id(), failure));
        });
        if (failure != null) log.warn("migration of reservation {} to {} failed: {}", s.reservation().id(), s.to().name(), failure);
        return new Outcome(after, failure == null, failure, took);
    }
}

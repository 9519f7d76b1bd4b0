package io.berth.core.reservation;

import io.berth.core.domain.HostState;
import io.berth.core.event.EventBus;
import io.berth.core.event.Journal;
import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import io.berth.core.resource.LiveInstance;
import io.berth.core.resource.ResourceManagerContext;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.ReservationQuery;
import io.berth.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Moves reservations along by itself: reacts to events (Placed → provision; ending, failure or time-out →
 * reclaim) and, on a timer, to the clock (advance reservations due, windows ended, READY never used) and to
 * work a crash left unfinished. Every step re-reads the reservation and acts only if it still applies, so
 * redelivered events and overlapping sweeps are harmless.
 */
public final class LifecycleDriver implements ResourceManagerContext, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LifecycleDriver.class);
    public static final String SUBSCRIBER = "lifecycle";

    private final Store store;
    private final Journal journal;
    private final Admission admission;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final InFlight inFlight = new InFlight();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Provisioning provisioning;
    private final Reclamation reclamation;
    private final Migrations migrations;
    private ScheduledExecutorService timer;
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();

    public LifecycleDriver(Store store, Journal journal, Admission admission, ResourceManagers managers,
                           LifecycleSettings settings, Clock clock, LifecycleObserver observer) {
        this.store = store;
        this.journal = journal;
        this.admission = admission;
        this.settings = settings;
        this.clock = clock;
        this.reclamation = new Reclamation(store, journal, managers, clock, inFlight, workers, admission.ledger());
        this.provisioning = new Provisioning(store, journal, managers, settings, clock, inFlight, workers, observer, reclamation,
                stopping::get);
        this.migrations = new Migrations(store, journal, managers, clock, inFlight, workers, reclamation, admission.ledger());
    }

    public Migrations migrations() {
        return migrations;
    }

    public void subscribeTo(EventBus bus) {
        bus.subscribe(SUBSCRIBER, this::onEvent);
    }

    /** Sweeps every {@code settings.sweepInterval()}; tests may instead call {@link #sweep()} themselves. */
    public void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("lifecycle-timer").factory());
        long period = settings.sweepInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                if (!stopping.get()) log.warn("lifecycle sweep failed; next one in {} ms", period, e);
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    void onEvent(StoredEvent stored) {
        switch (stored.event()) {
            case ReservationEvent.Placed p -> provisioning.start(stored.reservationId());
            case ReservationEvent.EndRequested e -> reclamation.reclaimIfDue(stored.reservationId());
            case ReservationEvent.Failed f -> reclamation.reclaimIfDue(stored.reservationId());
            case ReservationEvent.TimedOut t -> reclamation.reclaimIfDue(stored.reservationId());
            default -> { }
        }
    }

    /** One pass over everything the clock or a crash made due. */
    public void sweep() {
        Instant now = clock.instant();
        for (Reservation r : store.inTransaction(tx -> tx.reservations().futureStartingBy(now.plus(settings.provisionLeadTime())))) {
            guarded(r.id(), () -> admission.placeFuture(r.id()));
        }
        for (Reservation r : store.inTransaction(tx -> tx.reservations().windowEndedBy(now))) {
            guarded(r.id(), () -> endWindow(r.id()));
        }
        for (Reservation r : store.inTransaction(tx -> tx.reservations().readyUnusedSince(now.minus(settings.unusedTimeout())))) {
            guarded(r.id(), () -> timeOut(r.id()));
        }
        for (Reservation r : store.inTransaction(tx -> tx.reservations().query(
                ReservationQuery.inStates(EnumSet.of(ReservationState.PLACED, ReservationState.PROVISIONING))))) {
            if (!inFlight.contains(r.id())) guarded(r.id(), () -> provisioning.start(r.id()));
        }
        for (Reservation r : store.inTransaction(tx -> tx.reservations().awaitingReclaim())) {
            guarded(r.id(), () -> reclamation.reclaimIfDue(r.id()));
        }
    }

    private void guarded(long reservationId, Runnable step) {
        if (stopping.get()) return; // the next start's sweep picks up whatever is left
        try {
            step.run();
        } catch (RuntimeException e) {
            if (stopping.get()) return; // refused or interrupted by the shutdown itself
            log.warn("lifecycle step for reservation {} failed; the next sweep retries", reservationId, e);
        }
    }

    private void endWindow(long reservationId) {
        journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(reservationId).orElseThrow();
            if (!r.state().canMoveTo(ReservationState.ENDING) || r.state() == ReservationState.FUTURE
                    || r.window().end().isAfter(clock.instant())) {
                return null;
            }
            return rec.apply(r, new ReservationEvent.EndRequested("window ended", null));
        });
    }

    private void timeOut(long reservationId) {
        journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(reservationId).orElseThrow();
            if (r.state() != ReservationState.READY || r.readyAt() == null) return null;
            Duration unused = Duration.between(r.readyAt(), clock.instant());
            if (unused.compareTo(settings.unusedTimeout()) < 0) return null;
            return rec.apply(r, new ReservationEvent.TimedOut(unused.toSeconds()),
                    x -> x.withFailureCause("not used within " + ReservationService.human(settings.unusedTimeout()) + " of being ready"));
        });
    }

    /**
     * A resource manager (or an admin) reports a host's new state. Going DOWN fails the reservations running
     * there; their advance claims stay and are placed elsewhere when their time comes.
     */
    @Override
    public void hostStateChanged(long hostId, HostState newState, String reason) {
        store.run(tx -> tx.inventory().updateHostState(hostId, newState));
        if (newState != HostState.DOWN) return;
        var onHost = store.inTransaction(tx -> tx.reservations().query(new ReservationQuery(null, null, hostId,
                EnumSet.of(ReservationState.PLACED, ReservationState.PROVISIONING, ReservationState.READY, ReservationState.IN_USE),
                1000, Long.MAX_VALUE)));
        for (Reservation r : onHost) {
            String cause = "host went down: " + reason;
            journal.write(rec -> {
                Reservation current = rec.tx().reservations().lock(r.id()).orElseThrow();
                if (!current.state().holdsHost() || current.state() == ReservationState.ENDING) return null;
                return rec.apply(current, new ReservationEvent.Failed(cause), x -> x.withFailureCause(cause));
            });
        }
    }

    @Override
    public java.util.List<io.berth.core.domain.Host> hosts(String resourceType) {
        return store.inTransaction(tx -> tx.inventory().hostsOfType(resourceType));
    }

    @Override
    public java.util.List<LiveInstance> liveInstances(String resourceType) {
        EnumSet<ReservationState> holding = EnumSet.of(ReservationState.PLACED, ReservationState.PROVISIONING,
                ReservationState.READY, ReservationState.IN_USE, ReservationState.ENDING);
        java.util.List<LiveInstance> live = new java.util.ArrayList<>();
        long before = Long.MAX_VALUE;
        while (true) {
            long pageBefore = before;
            var page = store.inTransaction(tx -> tx.reservations().query(new ReservationQuery(null, null, null, holding, 1000, pageBefore)));
            for (Reservation r : page) {
                if (r.resourceType().equals(resourceType)) live.add(new LiveInstance(r.id(), r.hostId(), r.instanceId(), r.state()));
            }
            if (page.size() < 1000) return live;
            before = page.getLast().id();
        }
    }

    /**
     * Fails a running reservation whose instance vanished; the Failed event then has it reclaimed, which releases
     * its capacity once the resource manager confirms nothing is left. A reservation this process is moving or
     * reclaiming right now is left alone: its worker settles it.
     */
    @Override
    public boolean instanceLost(long reservationId, String cause) {
        if (inFlight.contains(reservationId)) return false;
        return journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(reservationId).orElse(null);
            if (r == null || (r.state() != ReservationState.READY && r.state() != ReservationState.IN_USE)) return false;
            rec.apply(r, new ReservationEvent.Failed(cause), x -> x.withFailureCause(cause));
            log.warn("reservation {} failed: {}", reservationId, cause);
            return true;
        });
    }

    /** Reservations this process is provisioning, migrating or reclaiming right now. */
    public int busy() {
        return inFlight.size();
    }

    /**
     * Stops: no new work starts; work in progress gets {@link #STOP_GRACE} to finish (a simulated host answers in
     * milliseconds, so a server stopped under load leaves nothing half done), then what still runs is interrupted and
     * left as after a crash (a provision stays PROVISIONING); the next start resumes it. Interrupting at once broke the
     * database connections of steps that were about to commit, which the pool logged as warnings.
     */
    @Override
    public void close() {
        stopping.set(true);
        if (timer != null) timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
                if (!workers.awaitTermination(10, TimeUnit.SECONDS)) log.warn("lifecycle workers did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** How long {@link #close} lets work in progress finish before interrupting it. */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(1);
}

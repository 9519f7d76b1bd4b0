package io.berth.core.reservation;

import io.berth.core.domain.Host;
import io.berth.core.domain.Image;
import io.berth.core.domain.User;
import io.berth.core.event.Journal;
import io.berth.core.event.ReservationEvent;
import io.berth.core.resource.Instance;
import io.berth.core.resource.ProvisionRequest;
import io.berth.core.resource.ProvisioningException;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;

/**
 * Runs provisioning for PLACED reservations: PROVISIONING, then READY with the connect data, or FAILED with the
 * cause. If the user ended the reservation meanwhile, the fresh instance is handed straight to reclamation.
 */
final class Provisioning {
    private static final Logger log = LoggerFactory.getLogger(Provisioning.class);

    private final Store store;
    private final Journal journal;
    private final ResourceManagers managers;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final InFlight inFlight;
    private final ExecutorService workers;
    private final LifecycleObserver observer;
    private final Reclamation reclamation;
    private final java.util.function.BooleanSupplier stopping;

    Provisioning(Store store, Journal journal, ResourceManagers managers, LifecycleSettings settings, Clock clock,
                 InFlight inFlight, ExecutorService workers, LifecycleObserver observer, Reclamation reclamation,
                 java.util.function.BooleanSupplier stopping) {
        this.stopping = stopping;
        this.store = store;
        this.journal = journal;
        this.managers = managers;
        this.settings = settings;
        this.clock = clock;
        this.inFlight = inFlight;
        this.workers = workers;
        this.observer = observer;
        this.reclamation = reclamation;
    }

    /**
     * Starts provisioning a PLACED reservation, or resumes one left PROVISIONING by a crash.
     * Does nothing if another worker of this process has it, or if it moved on.
     */
    void start(long reservationId) {
        if (!inFlight.tryStart(reservationId)) return;
        try {
            Reservation provisioning = journal.write(rec -> {
                Reservation r = rec.tx().reservations().lock(reservationId).orElse(null);
                if (r == null) return null;
                if (r.state() == ReservationState.PLACED) {
                    return rec.apply(r, new ReservationEvent.ProvisioningStarted(r.hostId(), 1));
                }
                if (r.state() == ReservationState.PROVISIONING) {
                    // Left unfinished by a restart: the resource manager's provision is idempotent per reservation.
                    return rec.apply(r, new ReservationEvent.ProvisioningResumed("provisioning was interrupted (restart)"));
                }
                return null;
            });
            if (provisioning == null) {
                inFlight.done(reservationId);
                return;
            }
            workers.execute(() -> run(provisioning));
        } catch (RuntimeException e) {
            inFlight.done(reservationId);
            throw e;
        }
    }

    /** Provisions {@code r}, as this process just moved it to PROVISIONING (and holds it in flight). */
    private void run(Reservation r) {
        long reservationId = r.id();
        Instant began = clock.instant();
        long beganNanos = System.nanoTime();
        String resourceType = "?";
        boolean succeeded = false;
        try {
            Context c = store.inTransaction(tx -> {
                Image image = tx.images().find(r.imageId()).orElse(null);
                Host host = r.hostId() == null ? null : tx.inventory().findHost(r.hostId()).orElse(null);
                User owner = tx.users().find(r.ownerId()).orElseThrow();
                return new Context(r, image, host, owner);
            });
            resourceType = c.reservation().resourceType();
            if (c.image() == null || c.host() == null) {
                fail(reservationId, c.image() == null ? "its image was deleted" : "its host was removed");
                return;
            }
            ResourceManager manager = managers.forType(c.reservation().resourceType());
            Instance instance = null;
            String lastError = null;
            for (int attempt = 1; attempt <= settings.provisionAttempts() && instance == null; attempt++) {
                try {
                    instance = manager.provision(new ProvisionRequest(reservationId, c.image(), c.host(), c.owner(), attempt));
                } catch (ProvisioningException e) {
                    if (stopping.getAsBoolean()) {
                        // Shutting down: leave it PROVISIONING; the next start resumes it (provisioning is idempotent).
                        log.info("provisioning of reservation {} interrupted by shutdown; it resumes on the next start", reservationId);
                        return;
                    }
                    lastError = e.getMessage();
                    log.warn("provisioning reservation {} on host {} failed (attempt {}): {}",
                            reservationId, c.host().name(), attempt, e.getMessage());
                    if (!e.retryable() || attempt == settings.provisionAttempts()) break;
                    recordRetry(reservationId, attempt, e.getMessage());
                } catch (RuntimeException e) {
                    lastError = "resource manager error: " + e;
                    log.error("provisioning reservation {} crashed in the resource manager", reservationId, e);
                    break;
                }
            }
            if (instance == null) {
                fail(reservationId, "provisioning failed on host " + c.host().name() + ": " + lastError);
                return;
            }
            succeeded = finish(reservationId, instance, Duration.between(began, clock.instant()));
        } catch (RuntimeException e) {
            if (stopping.getAsBoolean()) {
                // Shutdown interrupted a store call: the reservation stays PROVISIONING and resumes on the next start.
                log.info("provisioning of reservation {} interrupted by shutdown ({}); it resumes on the next start", reservationId, e.toString());
                return;
            }
            log.error("provisioning of reservation {} stopped", reservationId, e);
            try {
                fail(reservationId, "internal error while provisioning: " + e.getMessage());
            } catch (RuntimeException failed) {
                // The store itself is failing: the reservation stays PROVISIONING, and the lifecycle sweep retries it.
                log.error("reservation {} could not be marked FAILED; the lifecycle sweep retries it", reservationId, failed);
            }
        } finally {
            boolean turnedAway = inFlight.done(reservationId);
            if (!stopping.getAsBoolean()) {
                observer.provisioningFinished(resourceType, Duration.ofNanos(System.nanoTime() - beganNanos), succeeded);
                // If the reservation ended (or failed) while we provisioned, the instance must not outlive it. Once READY
                // has committed, an end reclaims by its own event, unless that came while we still held the reservation.
                if (!succeeded || turnedAway) reclamation.reclaimIfDue(reservationId);
            }
        }
    }

    /** Records the instance; READY if still wanted. Returns whether the reservation became READY. */
    private boolean finish(long reservationId, Instance instance, Duration took) {
        return journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(reservationId).orElseThrow();
            if (r.state() != ReservationState.PROVISIONING) {
                // Ended meanwhile: remember the instance so that reclamation destroys it.
                rec.tx().reservations().update(r.withInstance(instance.instanceId(), null, null), r.version());
                return false;
            }
            rec.apply(r, new ReservationEvent.Ready(instance.instanceId(), instance.connect().address(), took.toMillis()),
                    x -> x.withInstance(instance.instanceId(), instance.connect(), clock.instant()));
            return true;
        });
    }

    private void recordRetry(long reservationId, int attempt, String error) {
        journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(reservationId).orElseThrow();
            if (r.state() == ReservationState.PROVISIONING) {
                rec.apply(r, new ReservationEvent.ProvisioningRetried(attempt, error));
            }
            return null;
        });
    }

    private void fail(long reservationId, String cause) {
        journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(reservationId).orElseThrow();
            if (r.state().isTerminal() || r.state() == ReservationState.ENDING) return null;
            rec.apply(r, new ReservationEvent.Failed(cause), x -> x.withFailureCause(cause));
            return null;
        });
    }

    private record Context(Reservation reservation, Image image, Host host, User owner) {}
}

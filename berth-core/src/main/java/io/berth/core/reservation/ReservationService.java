package io.berth.core.reservation;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.Image;
import io.berth.core.domain.TimeWindow;
import io.berth.core.domain.User;
import io.berth.core.error.ConflictException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.NotFoundException;
import io.berth.core.event.Journal;
import io.berth.core.event.ReservationEvent;
import io.berth.core.event.StoredEvent;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.ReservationQuery;
import io.berth.core.store.Store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;

/**
 * What users (and integrators) do with reservations. Every method takes the acting user: users see and act on
 * their own reservations only, admins on all. Someone else's reservation is reported as not found.
 */
public final class ReservationService {
    private static final EnumSet<ReservationState> ENDABLE = EnumSet.of(ReservationState.FUTURE, ReservationState.PLACED,
            ReservationState.PROVISIONING, ReservationState.READY, ReservationState.IN_USE);

    private final Store store;
    private final Journal journal;
    private final Admission admission;
    private final ResourceManagers managers;
    private final LifecycleSettings settings;
    private final Clock clock;

    public ReservationService(Store store, Journal journal, Admission admission, ResourceManagers managers,
                              LifecycleSettings settings, Clock clock) {
        this.store = store;
        this.journal = journal;
        this.admission = admission;
        this.managers = managers;
        this.settings = settings;
        this.clock = clock;
    }

    /** Reserves an image now or for a later window; see {@link Admission#admitNew}. */
    public Reservation request(User actor, ReservationRequest request) {
        Image image = usableImage(actor, request.imageId());
        if (!managers.supports(image.resourceType())) {
            throw new ConflictException("image '" + image.name() + "' needs resource type '" + image.resourceType()
                    + "', which no resource manager of this Berth serves");
        }
        TimeWindow window = resolveWindow(request, image);
        return admission.admitNew(actor, image, window, request.group());
    }

    public Reservation get(User actor, long id) {
        return store.inTransaction(tx -> tx.reservations().find(id))
                .filter(r -> actor.isAdmin() || r.isOwnedBy(actor.id()))
                .orElseThrow(() -> new NotFoundException("reservation", id));
    }

    /** Newest first. Users get their own; admins all (or one owner's, if the query names one). */
    public List<Reservation> list(User actor, ReservationQuery query) {
        ReservationQuery scoped = actor.isAdmin() ? query
                : new ReservationQuery(actor.id(), query.imageId(), query.hostId(), query.states(), query.limit(), query.beforeId());
        return store.inTransaction(tx -> tx.reservations().query(scoped));
    }

    public List<StoredEvent> events(User actor, long id, long afterSequence) {
        get(actor, id);
        return store.inTransaction(tx -> tx.events().ofReservationAfter(id, afterSequence));
    }

    public ConnectData connection(User actor, long id) {
        Reservation r = get(actor, id);
        if (r.state() != ReservationState.READY && r.state() != ReservationState.IN_USE) {
            throw new ConflictException("reservation " + id + " is " + r.state() + "; connection data exists once it is READY");
        }
        return r.connect();
    }

    /** The user connected (or says so): READY becomes IN_USE. Doing it again changes nothing. */
    public Reservation acknowledge(User actor, long id, String via) {
        get(actor, id);
        return journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(id).orElseThrow();
            if (r.state() == ReservationState.IN_USE) return r;
            if (r.state() != ReservationState.READY) {
                throw new ConflictException("reservation " + id + " is " + r.state() + "; only a READY reservation can be acknowledged");
            }
            return rec.apply(r, new ReservationEvent.Acknowledged(via), x -> x.acknowledged(clock.instant()));
        });
    }

    /** Moves the end of the window (later: if capacity allows; earlier: never before now). */
    public Reservation changeEnd(User actor, long id, Instant requestedEnd) {
        Instant newEnd = requestedEnd.truncatedTo(ChronoUnit.MILLIS);
        Reservation seen = get(actor, id);
        if (!ENDABLE.contains(seen.state())) {
            throw new ConflictException("reservation " + id + " is " + seen.state() + " and can no longer be changed");
        }
        Image image = store.inTransaction(tx -> tx.images().find(seen.imageId()))
                .orElseThrow(() -> new ConflictException("the image of reservation " + id + " no longer exists"));
        Instant now = clock.instant();
        if (!newEnd.isAfter(now) || !newEnd.isAfter(seen.window().start())) {
            throw new InvalidInputException("end", "the new end must be after now and after the start (" + seen.window().start() + ")");
        }
        Duration length = Duration.between(seen.window().start(), newEnd);
        if (length.compareTo(image.maxDuration()) > 0) {
            throw new InvalidInputException("end", "the window would last " + human(length) + ", over the maximum of "
                    + human(image.maxDuration()) + " for image '" + image.name() + "'");
        }
        return journal.write(rec -> {
            rec.tx().lockCalendar(seen.resourceType());
            Reservation r = rec.tx().reservations().lock(id).orElseThrow();
            if (!ENDABLE.contains(r.state())) {
                throw new ConflictException("reservation " + id + " is " + r.state() + " and can no longer be changed");
            }
            if (newEnd.equals(r.window().end())) return r;
            if (newEnd.isAfter(r.window().end())) admission.checkExtension(rec.tx(), r, image, newEnd);
            TimeWindow window = new TimeWindow(r.window().start(), newEnd);
            Reservation next = rec.apply(r, new ReservationEvent.Extended(r.window().end(), newEnd, actor.id()),
                    x -> x.withWindow(window));
            rec.tx().allocations().activeFor(id).ifPresent(a ->
                    rec.tx().allocations().changeWindow(id, new TimeWindow(a.window().start(), newEnd)));
            return next;
        });
    }

    public Reservation extend(User actor, long id, Duration by) {
        if (by.isNegative() || by.isZero()) throw new InvalidInputException("minutes", "must be positive");
        return changeEnd(actor, id, get(actor, id).window().end().plus(by));
    }

    /**
     * Ends a reservation. An advance reservation that holds no instance closes at once; otherwise it goes to
     * ENDING and its instance is reclaimed. Ending one that is already ending or ended changes nothing.
     */
    public Reservation end(User actor, long id) {
        get(actor, id);
        return journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(id).orElseThrow();
            if (r.state() == ReservationState.ENDING || r.state().isTerminal()) return r;
            String reason = actor.isAdmin() && !r.isOwnedBy(actor.id()) ? "admin" : "user";
            Reservation ending = rec.apply(r, new ReservationEvent.EndRequested(reason, actor.id()));
            if (r.state() == ReservationState.FUTURE) {
                rec.tx().allocations().release(id, clock.instant());
                return rec.apply(ending, new ReservationEvent.Closed(), x -> x.reclaimed(clock.instant()));
            }
            return ending;
        });
    }

    private Image usableImage(User actor, long imageId) {
        return store.inTransaction(tx -> tx.images().find(imageId)
                        .filter(i -> actor.isAdmin() || tx.users().canUseImage(actor.id(), i.id())))
                .orElseThrow(() -> new InvalidInputException("imageId", "no image " + imageId + " that you may use"));
    }

    private TimeWindow resolveWindow(ReservationRequest request, Image image) {
        // Millisecond precision: every store keeps it exactly, so what a client reads back is what it sent.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant start = request.start() == null ? now : request.start().truncatedTo(ChronoUnit.MILLIS);
        if (start.isBefore(now.minus(settings.startTolerance()))) {
            throw new InvalidInputException("start", "the start " + start + " is in the past (now is " + now + ")");
        }
        if (start.isBefore(now)) start = now;
        if (start.isAfter(now.plus(settings.maxAdvance()))) {
            throw new InvalidInputException("start", "the start is more than " + human(settings.maxAdvance()) + " ahead");
        }
        if (request.end() != null && request.duration() != null) {
            throw new InvalidInputException("duration", "give either end or duration, not both");
        }
        if (request.duration() != null && (request.duration().isNegative() || request.duration().isZero())) {
            throw new InvalidInputException("duration", "must be positive");
        }
        Instant end = request.end() != null ? request.end().truncatedTo(ChronoUnit.MILLIS)
                : start.plus(request.duration() != null ? request.duration() : min(settings.defaultDuration(), image.maxDuration()));
        if (!end.isAfter(start)) {
            throw new InvalidInputException("end", "the end " + end + " must be after the start " + start);
        }
        Duration length = Duration.between(start, end);
        if (length.compareTo(image.maxDuration()) > 0) {
            throw new InvalidInputException(request.end() != null ? "end" : "duration", "the window lasts " + human(length)
                    + ", over the maximum of " + human(image.maxDuration()) + " for image '" + image.name() + "'");
        }
        if (length.compareTo(settings.minDuration()) < 0) {
            throw new InvalidInputException(request.end() != null ? "end" : "duration",
                    "the window must last at least " + human(settings.minDuration()));
        }
        return new TimeWindow(start, end);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes >= 2 * 24 * 60) return (minutes / (24 * 60)) + " days";
        if (minutes >= 60) return (minutes / 60) + " h" + (minutes % 60 == 0 ? "" : " " + (minutes % 60) + " min");
        if (minutes >= 1) return minutes + " min";
        return d.toSeconds() + " s";
    }
}

package io.berth.core.reservation;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.Image;
import io.berth.core.domain.TimeWindow;
import io.berth.core.domain.User;
import io.berth.core.error.ConflictException;
import io.berth.core.error.ForbiddenException;
import io.berth.core.error.InvalidInputException;
import io.berth.core.error.LimitExceededException;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Reserves an image now or for a later window; see {@link Admission#admitNew}. The window must fit the image's
     * maximum and the actor's group limits ({@link ReservationLimits}).
     */
    public Reservation request(User actor, ReservationRequest request) {
        record Checked(Image image, ReservationLimits limits) {}
        Checked checked = store.inTransaction(tx -> new Checked(usableImage(actor, request.imageId()), ReservationLimits.of(tx, actor)));
        Image image = checked.image();
        requireServed(image);
        TimeWindow window = resolveWindow(request, image);
        Optional<Duration> initialMax = checked.limits().initialMax();
        if (initialMax.isPresent() && window.length().compareTo(initialMax.get()) > 0) {
            throw new LimitExceededException(request.end() != null ? "end" : "duration", "the window lasts "
                    + human(window.length()) + ", over the longest your groups allow for a new reservation ("
                    + human(initialMax.get()) + ")", LimitExceededException.Limit.INITIAL_LENGTH, initialMax.get());
        }
        return admission.admitNew(actor, image, window, request.group());
    }

    /**
     * An admin reserves for another user (e.g. the machines of a block allocation): the reservation is the owner's,
     * whether or not the owner's groups grant the image, and group limits do not apply (the admin decided).
     */
    public Reservation requestFor(User actor, User owner, ReservationRequest request) {
        if (!actor.isAdmin()) throw new ForbiddenException("only admins reserve for other users");
        Image image = usableImage(actor, request.imageId());
        requireServed(image);
        return admission.admitNew(owner, image, resolveWindow(request, image), request.group());
    }

    private void requireServed(Image image) {
        if (!managers.supports(image.resourceType())) {
            throw new ConflictException("image '" + image.name() + "' needs resource type '" + image.resourceType()
                    + "', which no resource manager of this Berth serves");
        }
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
        return acknowledge(actor, id, via, null);
    }

    /** As {@link #acknowledge(User, long, String)}, recording the address the user connects from (may be null). */
    public Reservation acknowledge(User actor, long id, String via, String clientAddress) {
        get(actor, id);
        return journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(id).orElseThrow();
            if (r.state() == ReservationState.IN_USE) return r;
            if (r.state() != ReservationState.READY) {
                throw new ConflictException("reservation " + id + " is " + r.state() + "; only a READY reservation can be acknowledged");
            }
            return rec.apply(r, new ReservationEvent.Acknowledged(via, clientAddress), x -> x.acknowledged(clock.instant()));
        });
    }

    /**
     * How long provisioning the image took lately: the mean, over its newest reservations that became ready, of
     * the time from when provisioning could begin (its request, or its lead time before the start) to ready.
     * Empty if none became ready yet.
     */
    public Optional<Duration> provisioningEstimate(long imageId) {
        List<Reservation> recent = store.inTransaction(tx -> tx.reservations().query(new ReservationQuery(null, imageId, null,
                EnumSet.of(ReservationState.READY, ReservationState.IN_USE, ReservationState.ENDING, ReservationState.CLOSED),
                20, Long.MAX_VALUE)));
        long totalMillis = 0;
        int counted = 0;
        for (Reservation r : recent) {
            if (r.readyAt() == null) continue;
            Instant began = later(r.createdAt(), r.window().start().minus(settings.provisionLeadTime()));
            if (r.readyAt().isBefore(began)) continue;
            totalMillis += Duration.between(began, r.readyAt()).toMillis();
            counted++;
        }
        return counted == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(totalMillis / counted));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The sequence of the newest event in the log (0 if none): where a feed that wants only new events begins. */
    public long latestSequence() {
        return store.inTransaction(tx -> tx.events().lastSequence());
    }

    /** A page of the event log as one actor may see it, and how far it was read. */
    public record EventFeed(List<StoredEvent> events, long position) {}

    /**
     * Events after {@code afterSequence}, in order: all of them for admins, those of their own reservations for
     * users. {@code position} is the sequence read up to (at least the last event's), so a client that continues
     * from it misses nothing and a user's feed does not re-read others' events.
     */
    public EventFeed feed(User actor, long afterSequence, int limit) {
        if (limit < 1 || limit > 1000) throw new InvalidInputException("limit", "must be 1-1000");
        if (actor.isAdmin()) {
            List<StoredEvent> page = store.inTransaction(tx -> tx.events().after(afterSequence, limit));
            return new EventFeed(page, page.isEmpty() ? afterSequence : page.getLast().sequence());
        }
        List<StoredEvent> mine = new ArrayList<>();
        Map<Long, Boolean> owned = new HashMap<>();
        long position = afterSequence;
        // Bounded scan, so that a user with nothing new does not make one request read the whole log.
        for (int pages = 0; pages < 10 && mine.size() < limit; pages++) {
            long from = position;
            List<StoredEvent> page = store.inTransaction(tx -> tx.events().after(from, 500));
            if (page.isEmpty()) break;
            for (StoredEvent e : page) {
                boolean own = owned.computeIfAbsent(e.reservationId(), id -> store.inTransaction(tx -> tx.reservations().find(id))
                        .map(r -> r.isOwnedBy(actor.id())).orElse(false));
                if (own) mine.add(e);
                position = e.sequence();
                if (mine.size() == limit) break;
            }
        }
        return new EventFeed(mine, position);
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
            throw new LimitExceededException("end", "the window would last " + human(length) + ", over the maximum of "
                    + human(image.maxDuration()) + " for image '" + image.name() + "'",
                    LimitExceededException.Limit.IMAGE_MAXIMUM, image.maxDuration());
        }
        if (newEnd.isAfter(seen.window().end())) checkGroupLimits(actor, seen, newEnd, length);
        return journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(id).orElseThrow();
            if (!ENDABLE.contains(r.state())) {
                throw new ConflictException("reservation " + id + " is " + r.state() + " and can no longer be changed");
            }
            if (newEnd.equals(r.window().end())) return r;
            TimeWindow window = new TimeWindow(r.window().start(), newEnd);
            if (newEnd.isAfter(r.window().end())) {
                admission.claimExtension(rec.tx(), r, image, newEnd);
            } else {
                admission.ledger().changeAfterCommit(rec.tx(), id,
                        e -> e.withWindow(window, new TimeWindow(e.allocation().window().start(), newEnd)));
            }
            Reservation next = rec.apply(r, new ReservationEvent.Extended(r.window().end(), newEnd, actor.id()),
                    x -> x.withWindow(window));
            rec.tx().allocations().activeFor(id).ifPresent(a ->
                    rec.tx().allocations().changeWindow(id, new TimeWindow(a.window().start(), newEnd)));
            return next;
        });
    }

    /** An extension must fit the actor's group limits on one extension and on the whole length. */
    private void checkGroupLimits(User actor, Reservation r, Instant newEnd, Duration newLength) {
        ReservationLimits limits = store.inTransaction(tx -> ReservationLimits.of(tx, actor));
        Duration extension = Duration.between(r.window().end(), newEnd);
        if (limits.maxExtend().isPresent() && extension.compareTo(limits.maxExtend().get()) > 0) {
            throw new LimitExceededException("end", "the extension adds " + human(extension) + ", over the most your groups "
                    + "allow at a time (" + human(limits.maxExtend().get()) + ")", LimitExceededException.Limit.EXTENSION,
                    limits.maxExtend().get());
        }
        if (limits.totalMax().isPresent() && newLength.compareTo(limits.totalMax().get()) > 0) {
            throw new LimitExceededException("end", "the window would last " + human(newLength) + ", over the longest your "
                    + "groups allow in all (" + human(limits.totalMax().get()) + ")", LimitExceededException.Limit.TOTAL_LENGTH,
                    limits.totalMax().get());
        }
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
                admission.ledger().releaseAfterCommit(rec.tx(), id);
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
            throw new LimitExceededException(request.end() != null ? "end" : "duration", "the window lasts " + human(length)
                    + ", over the maximum of " + human(image.maxDuration()) + " for image '" + image.name() + "'",
                    LimitExceededException.Limit.IMAGE_MAXIMUM, image.maxDuration());
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

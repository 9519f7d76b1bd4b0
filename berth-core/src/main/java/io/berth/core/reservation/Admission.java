package io.berth.core.reservation;

import io.berth.core.calendar.Allocation;
import io.berth.core.calendar.CapacityCalendar;
import io.berth.core.calendar.Concurrency;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.Pool;
import io.berth.core.domain.TimeWindow;
import io.berth.core.domain.User;
import io.berth.core.error.ConflictException;
import io.berth.core.error.NotAvailableException;
import io.berth.core.event.Journal;
import io.berth.core.event.ReservationEvent;
import io.berth.core.resource.CandidateHost;
import io.berth.core.resource.PlacementDecision;
import io.berth.core.resource.PlacementExplanation;
import io.berth.core.resource.PlacementRequest;
import io.berth.core.resource.ResourceManager;
import io.berth.core.resource.ResourceManagers;
import io.berth.core.store.Store;
import io.berth.core.store.Tx;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides whether a reservation gets capacity, and where. The resource manager's placement controller
 * chooses from a snapshot of the calendar taken without locks (it may be slow, or remote); the choice is
 * then re-checked and written under the resource type's calendar lock. Losing a race to another request
 * just means deciding again on fresh data, so two requests can never both take the last slot.
 */
public final class Admission {
    private static final int MAX_RACES = 8;

    private final Store store;
    private final Journal journal;
    private final ResourceManagers managers;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final LifecycleObserver observer;

    public Admission(Store store, Journal journal, ResourceManagers managers, LifecycleSettings settings,
                     Clock clock, LifecycleObserver observer) {
        this.store = store;
        this.journal = journal;
        this.managers = managers;
        this.settings = settings;
        this.clock = clock;
        this.observer = observer;
    }

    /**
     * Admits a new reservation for {@code window}: placed on a host now if it starts within the lead time,
     * otherwise admitted as FUTURE with capacity claimed on the calendar from its provisioning time.
     *
     * @throws NotAvailableException with the earliest window that would fit, if any
     */
    Reservation admitNew(User owner, Image image, TimeWindow window, io.berth.core.domain.PlacementGroup group) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        boolean immediate = !window.start().isAfter(now.plus(settings.provisionLeadTime()));
        TimeWindow hold = immediate ? new TimeWindow(now, window.end())
                : new TimeWindow(window.start().minus(settings.provisionLeadTime()), window.end());
        ResourceManager manager = managers.forType(image.resourceType());
        long id = store.inTransaction(tx -> tx.reservations().newId());

        for (int race = 1; race <= MAX_RACES; race++) {
            Snapshot snapshot = store.inTransaction(tx -> snapshot(tx, image, hold, null));
            checkConcurrency(image, window, hold, snapshot);
            Map<Long, Integer> members = store.inTransaction(tx -> groupMembers(tx, group, null));
            PlacementDecision decision = place(manager, new PlacementRequest(id, image, hold, snapshot.candidates(), !immediate,
                    group, members));
            if (!(decision instanceof PlacementDecision.Chosen chosen)) {
                throw notAvailable("no host can take image '" + image.name() + "' for this window",
                        image, window, hold, snapshot, decision.explanation(), NotAvailableException.Reason.CAPACITY);
            }
            Host host = chosen.host().host();
            Reservation admitted = journal.write(rec -> {
                Tx tx = rec.tx();
                tx.lockCalendar(image.resourceType());
                if (!stillFits(tx, image, host.id(), hold, window, null)) return null;
                if (!groupStillAllows(tx, group, host.id(), null)) return null;
                Reservation requested = new Reservation(id, owner.id(), image.id(), image.resourceType(), window,
                        ReservationState.REQUESTED, null, null, null, null, now, null, null, null, 1, group);
                rec.created(requested, new ReservationEvent.Requested(owner.id(), image.id(), window));
                ReservationEvent placedOrClaimed = immediate
                        ? new ReservationEvent.Placed(host.id(), host.name(), chosen.explanation())
                        : new ReservationEvent.AdmittedForFuture(host.id(), host.name(), hold.start(), hold.start(), chosen.explanation());
                Reservation next = rec.apply(requested, placedOrClaimed, r -> r.withHost(host.id()));
                tx.allocations().insert(new Allocation(id, host.id(), image.minimum(), hold));
                return next;
            });
            if (admitted != null) return admitted;
            manager.placementAbandoned(id, host.id());
        }
        throw new ConflictException("too many simultaneous requests for the same capacity; try again");
    }

    /** Places a FUTURE reservation for real when its provisioning time has come. Idempotent. */
    void placeFuture(long reservationId) {
        Reservation current = store.inTransaction(tx -> tx.reservations().find(reservationId)).orElse(null);
        if (current == null || current.state() != ReservationState.FUTURE) return;
        Image image = store.inTransaction(tx -> tx.images().find(current.imageId())).orElse(null);
        Instant now = clock.instant();
        if (image == null) {
            fail(reservationId, "its image was deleted before the window began");
            return;
        }
        TimeWindow hold = new TimeWindow(now.isBefore(current.window().end()) ? now : current.window().end().minusMillis(1),
                current.window().end());
        ResourceManager manager = managers.forType(image.resourceType());
        for (int race = 1; race <= MAX_RACES; race++) {
            Snapshot snapshot = store.inTransaction(tx -> snapshot(tx, image, hold, reservationId));
            Map<Long, Integer> members = store.inTransaction(tx -> groupMembers(tx, current.group(), reservationId));
            PlacementDecision decision = place(manager, new PlacementRequest(reservationId, image, hold, snapshot.candidates(), false,
                    current.group(), members));
            if (!(decision instanceof PlacementDecision.Chosen chosen)) {
                fail(reservationId, "no host could take it when its window began: " + decision.explanation().summary());
                return;
            }
            Host host = chosen.host().host();
            Boolean done = journal.write(rec -> {
                Tx tx = rec.tx();
                tx.lockCalendar(image.resourceType());
                Reservation r = tx.reservations().lock(reservationId).orElseThrow();
                if (r.state() != ReservationState.FUTURE) return true;
                if (!stillFits(tx, image, host.id(), hold, r.window(), reservationId)) return false;
                if (!groupStillAllows(tx, r.group(), host.id(), reservationId)) return false;
                rec.apply(r, new ReservationEvent.Placed(host.id(), host.name(), chosen.explanation()), x -> x.withHost(host.id()));
                tx.allocations().move(reservationId, host.id(), hold);
                return true;
            });
            if (done) return;
            manager.placementAbandoned(reservationId, host.id());
        }
        fail(reservationId, "could not be placed: too much contention for capacity when its window began");
    }

    /**
     * Checks that a reservation already on a host may hold it until {@code newEnd} (extension).
     * Call under the calendar lock.
     */
    void checkExtension(Tx tx, Reservation r, Image image, Instant newEnd) {
        TimeWindow extraWindow = new TimeWindow(r.window().end(), newEnd);
        TimeWindow newWindow = new TimeWindow(r.window().start(), newEnd);
        List<Reservation> others = tx.reservations().liveOfImage(image.id(), r.window().end()).stream()
                .filter(o -> o.id() != r.id()).toList();
        if (Concurrency.peak(others.stream().map(Reservation::window).toList(), extraWindow) >= image.maxConcurrent()) {
            throw new NotAvailableException("image '" + image.name() + "' is at its maximum of " + image.maxConcurrent()
                    + " concurrent reservations during the extension", null, null, NotAvailableException.Reason.CONCURRENCY_LIMIT);
        }
        if (r.hostId() == null) return;
        Host host = tx.inventory().findHost(r.hostId()).orElseThrow();
        List<Allocation> onHost = tx.allocations().activeOverlapping(List.of(host.id()), extraWindow).stream()
                .filter(a -> a.reservationId() != r.id()).toList();
        if (!CapacityCalendar.fits(host, onHost, extraWindow, image.minimum())) {
            Instant latest = onHost.stream().map(a -> a.window().start()).filter(t -> t.isAfter(r.window().end()))
                    .min(Instant::compareTo).orElse(r.window().end());
            throw new NotAvailableException("host " + host.name() + " is booked by another reservation from "
                    + latest + "; the latest end possible there is " + latest,
                    latest.isAfter(newWindow.start()) ? new TimeWindow(newWindow.start(), latest) : null, null);
        }
    }

    private PlacementDecision place(ResourceManager manager, PlacementRequest request) {
        long began = System.nanoTime();
        PlacementDecision decision = manager.place(request);
        observer.placementDecided(manager.resourceType(), Duration.ofNanos(System.nanoTime() - began),
                decision instanceof PlacementDecision.Chosen);
        return Objects.requireNonNull(decision, "a placement controller returned no decision");
    }

    private void fail(long reservationId, String cause) {
        journal.write(rec -> {
            Reservation r = rec.tx().reservations().lock(reservationId).orElseThrow();
            if (r.state() != ReservationState.FUTURE) return null;
            rec.apply(r, new ReservationEvent.Failed(cause), x -> x.withFailureCause(cause).reclaimed(clock.instant()));
            rec.tx().allocations().release(reservationId, clock.instant());
            return null;
        });
    }

    /** The calendar as seen now, for the hosts this image may use. */
    private Snapshot snapshot(Tx tx, Image image, TimeWindow hold, Long excludeReservation) {
        List<Pool> pools = tx.inventory().pools().stream()
                .filter(p -> p.resourceType().equals(image.resourceType()))
                .filter(p -> image.pools().isEmpty() || image.pools().contains(p.id()))
                .toList();
        List<CandidateHost> candidates = new ArrayList<>();
        List<Host> hosts = new ArrayList<>();
        for (Pool pool : pools) {
            for (Host h : tx.inventory().hostsInPool(pool.id())) {
                hosts.add(h);
            }
        }
        List<Long> hostIds = hosts.stream().map(Host::id).toList();
        Map<Long, List<Allocation>> byHost = tx.allocations().activeEndingAfter(hostIds, hold.start()).stream()
                .filter(a -> excludeReservation == null || a.reservationId() != excludeReservation)
                .collect(Collectors.groupingBy(Allocation::hostId));
        Map<Long, Pool> poolById = pools.stream().collect(Collectors.toMap(Pool::id, p -> p));
        for (Host h : hosts) {
            List<Allocation> onHost = byHost.getOrDefault(h.id(), List.of());
            var used = CapacityCalendar.peakUsage(onHost, hold);
            candidates.add(new CandidateHost(h, poolById.get(h.poolId()), used, h.capacity().minus(used)));
        }
        // The image's other reservations are loaded only when the cheap count says the limit may be reached.
        boolean mayBeFull = excludeReservation == null && tx.reservations().countLiveOverlapping(image.id(), hold) >= image.maxConcurrent();
        List<TimeWindow> imageWindows = mayBeFull ? imageWindows(tx, image, hold.start(), excludeReservation) : null;
        return new Snapshot(candidates, byHost, imageWindows);
    }

    private static List<TimeWindow> imageWindows(Tx tx, Image image, Instant endingAfter, Long exclude) {
        return tx.reservations().liveOfImage(image.id(), endingAfter).stream()
                .filter(r -> exclude == null || r.id() != exclude)
                .map(Reservation::window).toList();
    }

    /** {@code imageWindows} is null when the image is far from its concurrency limit (then it did not need loading). */
    private record Snapshot(List<CandidateHost> candidates, Map<Long, List<Allocation>> allocationsByHost,
                            List<TimeWindow> imageWindows) {}

    private boolean stillFits(Tx tx, Image image, long hostId, TimeWindow hold, TimeWindow window, Long exclude) {
        Optional<Host> host = tx.inventory().findHost(hostId);
        if (host.isEmpty() || host.get().state() != HostState.AVAILABLE) return false;
        List<Allocation> onHost = tx.allocations().activeOverlapping(List.of(hostId), hold).stream()
                .filter(a -> exclude == null || a.reservationId() != exclude).toList();
        if (!CapacityCalendar.fits(host.get(), onHost, hold, image.minimum())) return false;
        if (exclude != null) return true; // already admitted: its concurrency slot is its own
        if (tx.reservations().countLiveOverlapping(image.id(), window) < image.maxConcurrent()) return true;
        return Concurrency.peak(imageWindows(tx, image, window.start(), null), window) < image.maxConcurrent();
    }

    /** Where a placement group's other live members hold (or have claimed) hosts. */
    private static Map<Long, Integer> groupMembers(Tx tx, io.berth.core.domain.PlacementGroup group, Long except) {
        if (group == null) return Map.of();
        Map<Long, Integer> byHost = new java.util.HashMap<>();
        for (Reservation r : tx.reservations().liveInGroup(group.name())) {
            if (r.hostId() != null && (except == null || r.id() != except)) byHost.merge(r.hostId(), 1, Integer::sum);
        }
        return byHost;
    }

    /** Re-checks the group rule under the calendar lock: a concurrent member may have landed meanwhile. */
    private static boolean groupStillAllows(Tx tx, io.berth.core.domain.PlacementGroup group, long hostId, Long except) {
        if (group == null) return true;
        Map<Long, Integer> members = groupMembers(tx, group, except);
        return group.kind() == io.berth.core.domain.PlacementGroup.Kind.ANTI_AFFINITY
                ? members.getOrDefault(hostId, 0) == 0
                : members.isEmpty() || members.containsKey(hostId);
    }

    private void checkConcurrency(Image image, TimeWindow window, TimeWindow hold, Snapshot snapshot) {
        if (snapshot.imageWindows() != null && Concurrency.peak(snapshot.imageWindows(), window) >= image.maxConcurrent()) {
            throw notAvailable("image '" + image.name() + "' is at its maximum of " + image.maxConcurrent()
                    + " concurrent reservations for this window", image, window, hold, snapshot, null,
                    NotAvailableException.Reason.CONCURRENCY_LIMIT);
        }
    }

    /** Builds the refusal, with the earliest window of the same length that fits both capacity and concurrency. */
    private NotAvailableException notAvailable(String message, Image image, TimeWindow window, TimeWindow hold,
                                               Snapshot snapshot, PlacementExplanation explanation,
                                               NotAvailableException.Reason reason) {
        List<Host> usable = snapshot.candidates().stream().map(CandidateHost::host)
                .filter(h -> h.state() == HostState.AVAILABLE)
                .filter(h -> image.minimum().fitsIn(h.capacity()))
                .toList();
        Duration lead = settings.provisionLeadTime();
        Duration holdLength = window.length().plus(lead);
        List<TimeWindow> imageWindows = snapshot.imageWindows() != null ? snapshot.imageWindows()
                : store.inTransaction(tx -> imageWindows(tx, image, hold.start(), null));
        List<Instant> concurrencyFrees = imageWindows.stream().map(w -> w.end().minus(lead)).toList();
        Optional<TimeWindow> earliestHold = CapacityCalendar.earliestFit(usable, snapshot.allocationsByHost(),
                hold.start(), holdLength, image.minimum(), concurrencyFrees,
                h -> Concurrency.peak(imageWindows, new TimeWindow(h.start().plus(lead), h.end())) < image.maxConcurrent());
        TimeWindow suggestion = earliestHold.map(h -> new TimeWindow(h.start().plus(lead), h.end())).orElse(null);
        String hint = suggestion == null
                ? "; no host of this image's pools can ever hold it (check host states and sizes)"
                : "; the earliest window of the same length that fits starts at " + suggestion.start();
        return new NotAvailableException(message + hint, suggestion, explanation, reason);
    }
}

package io.berth.core.reservation;

import io.berth.core.calendar.Allocation;
import io.berth.core.calendar.CapacityCalendar;
import io.berth.core.calendar.CapacityLedger;
import io.berth.core.calendar.LedgerEntry;
import io.berth.core.calendar.Concurrency;
import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Image;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Resources;
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
 * then re-checked and claimed in the {@link CapacityLedger} in one step, inside the transaction that writes it.
 * Losing a race to another request just means deciding again on fresh data, so two requests can never both
 * take the last slot.
 */
public final class Admission {
    private static final int MAX_RACES = 8;

    private final Store store;
    private final Journal journal;
    private final ResourceManagers managers;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final LifecycleObserver observer;
    private final CapacityLedger ledger = new CapacityLedger();
    /** Each host's last offer, reused while its host, pool and peak are the very same objects (most hosts, most requests). */
    private final Map<Long, CandidateHost> lastCandidates = new java.util.concurrent.ConcurrentHashMap<>();

    public Admission(Store store, Journal journal, ResourceManagers managers, LifecycleSettings settings,
                     Clock clock, LifecycleObserver observer) {
        this.store = store;
        this.journal = journal;
        this.managers = managers;
        this.settings = settings;
        this.clock = clock;
        this.observer = observer;
    }

    /** The capacity every unreleased allocation holds, as checked by admission, extensions and migrations. */
    public CapacityLedger ledger() {
        return ledger;
    }

    /** Loads the ledger from the store: once, before any request is served. */
    public void loadLedger() {
        ledger.load(store.inTransaction(tx -> tx.allocations().unreleasedEntries()));
    }

    /**
     * Admits a new reservation for {@code window}: placed on a host now if it starts within the lead time,
     * otherwise admitted as FUTURE with capacity claimed on the calendar from its provisioning time.
     *
     * @throws NotAvailableException with the earliest window that would fit, if any
     */
    Reservation admitNew(User owner, Image image, TimeWindow window, PlacementGroup group) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        boolean immediate = !window.start().isAfter(now.plus(settings.provisionLeadTime()));
        TimeWindow hold = immediate ? new TimeWindow(now, window.end())
                : new TimeWindow(window.start().minus(settings.provisionLeadTime()), window.end());
        ResourceManager manager = managers.forType(image.resourceType());
        long id = store.inTransaction(tx -> tx.reservations().newId());

        for (int race = 1; race <= MAX_RACES; race++) {
            Snapshot snapshot = snapshot(image, hold, null);
            checkConcurrency(image, window, hold, snapshot);
            Map<Long, Integer> members = groupMembers(group, null);
            PlacementDecision decision = place(manager, new PlacementRequest(id, image, hold, snapshot.candidates(), !immediate,
                    group, members));
            if (!(decision instanceof PlacementDecision.Chosen chosen)) {
                throw notAvailable("no host can take image '" + image.name() + "' for this window",
                        image, window, hold, snapshot, decision.explanation(), NotAvailableException.Reason.CAPACITY);
            }
            Host host = chosen.host().host();
            Reservation admitted = journal.write(rec -> {
                Tx tx = rec.tx();
                Optional<Host> fresh = availableHost(tx, host.id());
                LedgerEntry claim = new LedgerEntry(new Allocation(id, host.id(), image.minimum(), hold), image.id(),
                        group == null ? null : group.name(), window, true);
                if (fresh.isEmpty() || ledger.claim(tx, claim, v -> stillFits(v, fresh.get(), image, hold, window, group, null))
                        .isPresent()) {
                    return null;
                }
                Reservation requested = new Reservation(id, owner.id(), image.id(), image.resourceType(), window,
                        ReservationState.REQUESTED, null, null, null, null, now, null, null, null, 1, group);
                ReservationEvent placedOrClaimed = immediate
                        ? new ReservationEvent.Placed(host.id(), host.name(), chosen.explanation())
                        : new ReservationEvent.AdmittedForFuture(host.id(), host.name(), hold.start(), hold.start(), chosen.explanation());
                Reservation next = rec.created(requested, new ReservationEvent.Requested(owner.id(), image.id(), window),
                        placedOrClaimed, r -> r.withHost(host.id()));
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
            Snapshot snapshot = snapshot(image, hold, reservationId);
            Map<Long, Integer> members = groupMembers(current.group(), reservationId);
            PlacementDecision decision = place(manager, new PlacementRequest(reservationId, image, hold, snapshot.candidates(), false,
                    current.group(), members));
            if (!(decision instanceof PlacementDecision.Chosen chosen)) {
                fail(reservationId, "no host could take it when its window began: " + decision.explanation().summary());
                return;
            }
            Host host = chosen.host().host();
            Boolean done = journal.write(rec -> {
                Tx tx = rec.tx();
                Reservation r = tx.reservations().lock(reservationId).orElseThrow();
                if (r.state() != ReservationState.FUTURE) return true;
                Optional<Host> fresh = availableHost(tx, host.id());
                LedgerEntry moved = new LedgerEntry(new Allocation(reservationId, host.id(), image.minimum(), hold), image.id(),
                        r.group() == null ? null : r.group().name(), r.window(), true);
                if (fresh.isEmpty() || ledger.claim(tx, moved,
                        v -> stillFits(v, fresh.get(), image, hold, r.window(), r.group(), reservationId)).isPresent()) {
                    return false;
                }
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
     * Claims what an extension of {@code r} until {@code newEnd} needs: a concurrency slot for the image and room on
     * its host. Call inside the transaction that writes the extension; a rollback gives the claim back.
     *
     * @throws NotAvailableException if either is lacking, with the latest end possible on the host if that is it
     */
    void claimExtension(Tx tx, Reservation r, Image image, Instant newEnd) {
        TimeWindow extraWindow = new TimeWindow(r.window().end(), newEnd);
        TimeWindow newWindow = new TimeWindow(r.window().start(), newEnd);
        Host host = r.hostId() == null ? null : tx.inventory().findHost(r.hostId()).orElseThrow();
        Allocation held = ledger.read(v -> v.entry(r.id())).map(LedgerEntry::allocation)
                .orElseGet(() -> tx.allocations().activeFor(r.id()).orElse(null));
        if (held == null) throw new IllegalStateException("reservation " + r.id() + " holds no capacity to extend");
        Allocation longer = new Allocation(r.id(), held.hostId(), held.resources(),
                new TimeWindow(held.window().start(), newEnd), held.migratingTo());
        LedgerEntry extended = new LedgerEntry(longer, image.id(), r.group() == null ? null : r.group().name(), newWindow, true);
        Optional<NotAvailableException> refusal = ledger.claim(tx, extended, v -> {
            if (v.imageReaches(image.id(), extraWindow, r.id(), image.maxConcurrent())) {
                return Optional.of(new NotAvailableException("image '" + image.name() + "' is at its maximum of "
                        + image.maxConcurrent() + " concurrent reservations during the extension", null, null,
                        NotAvailableException.Reason.CONCURRENCY_LIMIT));
            }
            if (host == null) return Optional.empty();
            List<Allocation> onHost = v.onHostDuring(host.id(), extraWindow, r.id());
            if (CapacityCalendar.fits(host, onHost, extraWindow, held.resources())) return Optional.empty();
            Instant latest = onHost.stream().map(a -> a.window().start()).filter(t -> t.isAfter(r.window().end()))
                    .min(Instant::compareTo).orElse(r.window().end());
            return Optional.of(new NotAvailableException("host " + host.name() + " is booked by another reservation from "
                    + latest + "; the latest end possible there is " + latest,
                    latest.isAfter(newWindow.start()) ? new TimeWindow(newWindow.start(), latest) : null, null));
        });
        if (refusal.isPresent()) throw refusal.get();
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
            ledger.releaseAfterCommit(rec.tx(), reservationId);
            return null;
        });
    }

    /** The calendar as seen now, for the hosts this image may use: hosts from the store, their use from the ledger. */
    private Snapshot snapshot(Image image, TimeWindow hold, Long excludeReservation) {
        record Inventory(List<Pool> pools, List<Host> hosts) {}
        Inventory inventory = store.inTransaction(tx -> {
            List<Pool> pools = tx.inventory().pools().stream()
                    .filter(p -> p.resourceType().equals(image.resourceType()))
                    .filter(p -> image.pools().isEmpty() || image.pools().contains(p.id()))
                    .toList();
            List<Host> hosts = new ArrayList<>();
            for (Pool pool : pools) hosts.addAll(tx.inventory().hostsInPool(pool.id()));
            return new Inventory(pools, hosts);
        });
        List<Host> hosts = inventory.hosts();
        long[] hostIds = new long[hosts.size()];
        for (int i = 0; i < hostIds.length; i++) hostIds[i] = hosts.get(i).id();
        Resources[] peaks = ledger.peaks(hostIds, hold, excludeReservation);
        Map<Long, Pool> poolById = inventory.pools().stream().collect(Collectors.toMap(Pool::id, p -> p));
        List<CandidateHost> candidates = new ArrayList<>(hostIds.length);
        for (int i = 0; i < hostIds.length; i++) {
            Host h = hosts.get(i);
            Resources used = peaks[i];
            Pool pool = poolById.get(h.poolId());
            CandidateHost before = lastCandidates.get(h.id());
            // Hosts, pools and peaks come from caches that hand out the same objects until something changes: then so is the rest.
            boolean same = before != null && before.host() == h && before.pool() == pool && before.used() == used;
            CandidateHost candidate = same ? before : new CandidateHost(h, pool, used, h.capacity().minus(used));
            if (!same) lastCandidates.put(h.id(), candidate);
            candidates.add(candidate);
        }
        return new Snapshot(candidates);
    }

    private record Snapshot(List<CandidateHost> candidates) {}

    /**
     * What, if anything, stops the choice now: the host's room for the hold, the image's concurrency limit for the
     * window (not for an admitted reservation, whose slot is its own) and the group's rule.
     */
    private static Optional<String> stillFits(CapacityLedger.View v, Host host, Image image, TimeWindow hold,
                                              TimeWindow window, PlacementGroup group, Long exclude) {
        if (!CapacityCalendar.fits(host, v.onHostDuring(host.id(), hold, exclude), hold, image.minimum())) {
            return Optional.of("capacity");
        }
        if (exclude == null && v.imageReaches(image.id(), window, null, image.maxConcurrent())) {
            return Optional.of("concurrency");
        }
        return v.groupAllows(group, host.id(), exclude) ? Optional.empty() : Optional.of("group");
    }

    /** The host as last committed, if still available: it may have gone into maintenance or changed size since the snapshot. */
    private static Optional<Host> availableHost(Tx tx, long hostId) {
        return tx.inventory().findHost(hostId).filter(h -> h.state() == HostState.AVAILABLE);
    }

    /** Where a placement group's other live members hold (or have claimed) hosts. */
    private Map<Long, Integer> groupMembers(PlacementGroup group, Long except) {
        if (group == null) return Map.of();
        return ledger.read(v -> v.groupMembers(group.name(), except));
    }

    private void checkConcurrency(Image image, TimeWindow window, TimeWindow hold, Snapshot snapshot) {
        if (ledger.read(v -> v.imageReaches(image.id(), window, null, image.maxConcurrent()))) {
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
        List<TimeWindow> imageWindows = ledger.read(v -> v.liveWindowsOfImage(image.id(), hold.start(), null));
        List<Instant> concurrencyFrees = imageWindows.stream().map(w -> w.end().minus(lead)).toList();
        List<Long> candidateIds = snapshot.candidates().stream().map(c -> c.host().id()).toList();
        Map<Long, List<Allocation>> allocationsByHost = ledger.read(v -> v.onHostsEndingAfter(candidateIds, hold.start(), null));
        Optional<TimeWindow> earliestHold = CapacityCalendar.earliestFit(usable, allocationsByHost,
                hold.start(), holdLength, image.minimum(), concurrencyFrees,
                h -> !Concurrency.reaches(imageWindows, new TimeWindow(h.start().plus(lead), h.end()), image.maxConcurrent()));
        TimeWindow suggestion = earliestHold.map(h -> new TimeWindow(h.start().plus(lead), h.end())).orElse(null);
        String hint = suggestion == null
                ? "; no host of this image's pools can ever hold it (check host states and sizes)"
                : "; the earliest window of the same length that fits starts at " + suggestion.start();
        return new NotAvailableException(message + hint, suggestion, explanation, reason);
    }
}

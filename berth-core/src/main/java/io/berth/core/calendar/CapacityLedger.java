package io.berth.core.calendar;

import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.store.Tx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Every unreleased allocation, in memory: what admission, extensions and migrations check capacity, concurrency
 * limits and group rules against. A check and its claim happen together under one lock that is held for
 * microseconds, never across a database call, so admissions no longer queue behind each other's commits.
 *
 * <p>Claims take effect at once, before their transaction commits, so that two requests can never both take the
 * last slot; a rollback undoes them. Releases take effect only after commit, so the ledger never shows capacity
 * free that the database still holds. It is loaded from the store at start and kept by the one process that writes
 * the database.
 */
public final class CapacityLedger {
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Long, LedgerEntry> byReservation = new HashMap<>();
    private final Map<Long, List<LedgerEntry>> byHost = new HashMap<>();
    private final Map<Long, Set<Long>> liveByImage = new HashMap<>();
    private final Map<String, Set<Long>> liveByGroup = new HashMap<>();
    /** Each host's use over time, built when first asked and dropped when the host's entries change. */
    private final Map<Long, HostProfile> profiles = new HashMap<>();
    /** How many times each host's entries changed: a profile built outside the lock is kept only if this did not move. */
    private final Map<Long, Long> versions = new HashMap<>();
    private final View view = new View();

    /** Replaces the ledger's content with what the store holds (at start). */
    public void load(Collection<LedgerEntry> entries) {
        lock.lock();
        try {
            byReservation.clear();
            byHost.clear();
            liveByImage.clear();
            liveByGroup.clear();
            profiles.clear();
            versions.replaceAll((host, version) -> version + 1); // profiles being built from before are not kept
            entries.forEach(this::put);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims {@code entry} (replacing the reservation's current one, if any) unless {@code objection} objects to it,
     * judged on the ledger as it is at this instant. Undone if {@code tx} rolls back.
     *
     * @param <T> what an objection says: a reason, or the very error to report
     * @return the objection, or empty once claimed
     */
    public <T> Optional<T> claim(Tx tx, LedgerEntry entry, Function<View, Optional<T>> objection) {
        lock.lock();
        try {
            Optional<T> against = objection.apply(view);
            if (against.isPresent()) return against;
            LedgerEntry before = put(entry);
            tx.onRollback(() -> restore(entry, before));
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes the reservation's entry once {@code tx} has committed: for changes that hold less than before (a
     * shorter window, the end of a migration). Applied to the entry as it is then, so no other change is lost.
     */
    public void changeAfterCommit(Tx tx, long reservationId, java.util.function.UnaryOperator<LedgerEntry> change) {
        tx.afterCommit(() -> locked(() -> {
            LedgerEntry current = byReservation.get(reservationId);
            return current == null ? null : put(change.apply(current));
        }));
    }

    /** Drops the reservation's entry once {@code tx} has committed: its allocation was released. */
    public void releaseAfterCommit(Tx tx, long reservationId) {
        tx.afterCommit(() -> locked(() -> remove(reservationId)));
    }

    /** The reservation reached a terminal state (committed): it stops counting against limits. */
    public void ended(long reservationId) {
        locked(() -> {
            LedgerEntry e = byReservation.get(reservationId);
            if (e != null && e.live()) put(e.ended());
            return null;
        });
    }

    /** Reads the ledger under its lock; keep {@code query} short. */
    public <T> T read(Function<View, T> query) {
        lock.lock();
        try {
            return query.apply(view);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Each host's peak use during {@code window} ({@link CapacityCalendar#peakUsage} of what it holds then), leaving out
     * {@code except}'s allocation. Read from the hosts' profiles, which are rebuilt only when their entries change; the
     * lock is held only to pick up the profiles (and the allocations of hosts that need a new one), never while one is
     * built or read, so requests snapshotting hundreds of hosts do not queue behind each other. Answers come in the order
     * of {@code hostIds}.
     */
    public Resources[] peaks(long[] hostIds, TimeWindow window, Long except) {
        int n = hostIds.length;
        Resources[] peaks = new Resources[n];
        HostProfile[] found = new HostProfile[n];
        List<Allocation>[] toBuild = null;
        long[] versionSeen = null;
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                long host = hostIds[i];
                List<LedgerEntry> entries = byHost.getOrDefault(host, List.of());
                if (except != null && entries.stream().anyMatch(e -> e.reservationId() == except)) {
                    peaks[i] = CapacityCalendar.peakUsage(view.onHostDuring(host, window, except), window);
                    continue;
                }
                found[i] = profiles.get(host);
                if (found[i] != null) continue;
                if (toBuild == null) {
                    @SuppressWarnings("unchecked") List<Allocation>[] lists = new List[n];
                    toBuild = lists;
                    versionSeen = new long[n];
                }
                toBuild[i] = entries.stream().map(LedgerEntry::allocation).toList();
                versionSeen[i] = versions.getOrDefault(host, 0L);
            }
        } finally {
            lock.unlock();
        }
        boolean built = false;
        for (int i = 0; toBuild != null && i < n; i++) {
            if (toBuild[i] == null) continue;
            found[i] = HostProfile.of(toBuild[i]);
            if (found[i] == null) {
                List<Allocation> overlapping = toBuild[i].stream().filter(a -> a.window().overlaps(window)).toList();
                peaks[i] = CapacityCalendar.peakUsage(overlapping, window);
                toBuild[i] = null;
            } else {
                built = true;
            }
        }
        for (int i = 0; i < n; i++) if (found[i] != null) peaks[i] = found[i].peak(window);
        if (built) {
            List<Allocation>[] lists = toBuild;
            long[] seen = versionSeen;
            locked(() -> {
                // Kept only if the host's entries did not change while it was built.
                for (int i = 0; i < n; i++) {
                    if (lists[i] != null && versions.getOrDefault(hostIds[i], 0L) == seen[i]) profiles.putIfAbsent(hostIds[i], found[i]);
                }
                return null;
            });
        }
        return peaks;
    }

    /** Queries over the ledger; only valid inside {@link #read} or a claim's objection. */
    public final class View {
        private View() {}

        public Optional<LedgerEntry> entry(long reservationId) {
            return Optional.ofNullable(byReservation.get(reservationId));
        }

        /** Allocations holding capacity on these hosts (as source or migration target) that end after {@code t}. */
        public Map<Long, List<Allocation>> onHostsEndingAfter(Collection<Long> hostIds, Instant t, Long except) {
            Map<Long, List<Allocation>> found = new HashMap<>();
            for (long host : hostIds) {
                for (LedgerEntry e : byHost.getOrDefault(host, List.of())) {
                    if (e.allocation().window().end().isAfter(t) && (except == null || e.reservationId() != except)) {
                        found.computeIfAbsent(host, h -> new ArrayList<>()).add(e.allocation());
                    }
                }
            }
            return found;
        }

        /** Allocations holding capacity on the host during {@code window}, but {@code except}'s. */
        public List<Allocation> onHostDuring(long hostId, TimeWindow window, Long except) {
            List<Allocation> found = new ArrayList<>();
            for (LedgerEntry e : byHost.getOrDefault(hostId, List.of())) {
                if (e.allocation().window().overlaps(window) && (except == null || e.reservationId() != except)) {
                    found.add(e.allocation());
                }
            }
            return found;
        }

        /** Windows of the image's live reservations ending after {@code t}, but {@code except}'s. */
        public List<TimeWindow> liveWindowsOfImage(long imageId, Instant t, Long except) {
            List<TimeWindow> windows = new ArrayList<>();
            for (long id : liveByImage.getOrDefault(imageId, Set.of())) {
                TimeWindow w = byReservation.get(id).window();
                if (w.end().isAfter(t) && (except == null || id != except)) windows.add(w);
            }
            return windows;
        }

        /**
         * Whether {@code limit} or more of the image's live reservations (but {@code except}) overlap at some instant
         * of {@code within}. Counts before it copies anything: most images are far from their limit.
         */
        public boolean imageReaches(long imageId, TimeWindow within, Long except, int limit) {
            Set<Long> live = liveByImage.getOrDefault(imageId, Set.of());
            if (live.size() < limit) return false;
            int overlapping = 0;
            for (long id : live) {
                if ((except == null || id != except) && byReservation.get(id).window().overlaps(within)) overlapping++;
            }
            return overlapping >= limit && Concurrency.reaches(liveWindowsOfImage(imageId, within.start(), except), within, limit);
        }

        /** How many of the group's live members hold each host, {@code except} left out. */
        public Map<Long, Integer> groupMembers(String group, Long except) {
            Map<Long, Integer> members = new HashMap<>();
            for (long id : liveByGroup.getOrDefault(group, Set.of())) {
                if (except == null || id != except) members.merge(byReservation.get(id).allocation().hostId(), 1, Integer::sum);
            }
            return members;
        }

        /** Whether the group's hard rule lets a member be on {@code hostId}; true without a group. */
        public boolean groupAllows(PlacementGroup group, long hostId, Long except) {
            if (group == null) return true;
            Map<Long, Integer> members = groupMembers(group.name(), except);
            return group.kind() == PlacementGroup.Kind.ANTI_AFFINITY
                    ? members.getOrDefault(hostId, 0) == 0
                    : members.isEmpty() || members.containsKey(hostId);
        }
    }

    private void locked(java.util.function.Supplier<?> change) {
        lock.lock();
        try {
            change.get();
        } finally {
            lock.unlock();
        }
    }

    /** Puts the entry back as it was before {@code claimed}, unless the reservation's entry changed since. */
    private void restore(LedgerEntry claimed, LedgerEntry before) {
        locked(() -> {
            if (byReservation.get(claimed.reservationId()) != claimed) return null;
            if (before == null) remove(claimed.reservationId());
            else put(before);
            return null;
        });
    }

    private LedgerEntry put(LedgerEntry entry) {
        LedgerEntry before = remove(entry.reservationId());
        long id = entry.reservationId();
        byReservation.put(id, entry);
        Allocation a = entry.allocation();
        byHost.computeIfAbsent(a.hostId(), h -> new ArrayList<>()).add(entry);
        changed(a.hostId());
        if (a.migratingTo() != null) {
            byHost.computeIfAbsent(a.migratingTo(), h -> new ArrayList<>()).add(entry);
            changed(a.migratingTo());
        }
        if (entry.live()) {
            liveByImage.computeIfAbsent(entry.imageId(), i -> new LinkedHashSet<>()).add(id);
            if (entry.group() != null) liveByGroup.computeIfAbsent(entry.group(), g -> new LinkedHashSet<>()).add(id);
        }
        return before;
    }

    private LedgerEntry remove(long reservationId) {
        LedgerEntry e = byReservation.remove(reservationId);
        if (e == null) return null;
        Allocation a = e.allocation();
        dropFrom(byHost, a.hostId(), e);
        changed(a.hostId());
        if (a.migratingTo() != null) {
            dropFrom(byHost, a.migratingTo(), e);
            changed(a.migratingTo());
        }
        dropId(liveByImage, e.imageId(), reservationId);
        if (e.group() != null) dropId(liveByGroup, e.group(), reservationId);
        return e;
    }

    private void changed(long host) {
        profiles.remove(host);
        versions.merge(host, 1L, Long::sum);
    }

    private static void dropFrom(Map<Long, List<LedgerEntry>> index, long host, LedgerEntry e) {
        List<LedgerEntry> list = index.get(host);
        if (list == null) return;
        list.remove(e);
        if (list.isEmpty()) index.remove(host);
    }

    private static <K> void dropId(Map<K, Set<Long>> index, K key, long id) {
        Set<Long> ids = index.get(key);
        if (ids == null) return;
        ids.remove(id);
        if (ids.isEmpty()) index.remove(key);
    }
}

package io.berth.store.jdbc;

import io.berth.core.domain.ConnectData;
import io.berth.core.domain.TimeWindow;
import io.berth.core.reservation.Reservation;
import io.berth.core.reservation.ReservationState;
import io.berth.core.store.ReservationQuery;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.berth.core.reservation.ReservationState.CLOSED;
import static io.berth.core.reservation.ReservationState.ENDING;
import static io.berth.core.reservation.ReservationState.FAILED;
import static io.berth.core.reservation.ReservationState.FUTURE;
import static io.berth.core.reservation.ReservationState.IN_USE;
import static io.berth.core.reservation.ReservationState.PLACED;
import static io.berth.core.reservation.ReservationState.PROVISIONING;
import static io.berth.core.reservation.ReservationState.READY;
import static io.berth.core.reservation.ReservationState.REQUESTED;
import static io.berth.core.reservation.ReservationState.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reservations: round trips, optimistic updates, listing and the lifecycle driver's due-work queries. */
abstract class ReservationContract extends StoreContract {
    private static final Duration MICRO = Duration.ofNanos(1_000);

    private long owner;
    private long image;

    @BeforeEach
    void ownerAndImage() {
        owner = insertUser("ada").id();
        image = insertImage("debian").id();
    }

    private Reservation insert(Reservation r) {
        store.run(tx -> tx.reservations().insert(r));
        return r;
    }

    private long newId() {
        return tx(tx -> tx.reservations().newId());
    }

    /** A reservation in {@code state} with its window ending at {@code end}, and the other times around it. */
    private Reservation inState(ReservationState state, Instant start, Instant end) {
        return insert(reservation(newId(), owner, image, new TimeWindow(start, end), state));
    }

    private static ConnectData connectData() {
        return new ConnectData("10.1.2.3", List.of(new ConnectData.Endpoint("ssh", "ssh", 22),
                new ConnectData.Endpoint("desktop", "rdp", 3389)), "student", "one-time-pw");
    }

    @Test
    void newIdsAreFreshAndIncreasing() {
        long a = newId();
        long b = newId();
        assertThatThrownBy(() -> tx(tx -> {
            tx.reservations().newId();
            throw new IllegalStateException("rolled back, but the id stays taken");
        })).isInstanceOf(IllegalStateException.class);
        long d = newId();

        assertThat(b).isGreaterThan(a);
        assertThat(d).isGreaterThan(b + 1);
    }

    /** Ids come from blocks of the sequence: across blocks, from parallel transactions and after a restart, none repeats. */
    @Test
    void idsStayUniqueAcrossBlocksThreadsAndRestarts() throws Exception {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        long last = 0;
        for (int i = 0; i < 3 * ReservationIds.BLOCK + 1; i++) {
            long id = newId();
            assertThat(id).isGreaterThan(last);
            assertThat(seen.add(id)).isTrue();
            last = id;
        }
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            var taken = new java.util.ArrayList<java.util.concurrent.Future<Long>>();
            for (int i = 0; i < 200; i++) taken.add(threads.submit(this::newId));
            for (var f : taken) assertThat(seen.add(f.get())).isTrue();
        }
        long before = seen.stream().mapToLong(Long::longValue).max().orElseThrow();

        store.close();
        store = JdbcStore.open(database.settings()); // a new process: it starts a new block past every id handed out

        assertThat(newId()).isGreaterThan(before);
    }

    @Test
    void roundTripsWithEveryNullableFieldSet() {
        Reservation r = new Reservation(newId(), owner, image, "sim", window(60, 180), TIMED_OUT, 17L, "vm-42",
                connectData(), "never used", at(0), at(61), at(62), at(190), 7);

        insert(r);

        assertThat(optional(tx -> tx.reservations().find(r.id()))).contains(r);
    }

    @Test
    void roundTripsWithEveryNullableFieldUnset() {
        Reservation r = reservation(newId(), owner, image, window(60, 180), REQUESTED);

        insert(r);

        Reservation read = tx(tx -> tx.reservations().find(r.id())).orElseThrow();
        assertThat(read).isEqualTo(r);
        assertThat(read.hostId()).isNull();
        assertThat(read.connect()).isNull();
    }

    @Test
    void timesAreKeptToTheMicrosecond() {
        Instant start = T0.plusNanos(1_234_567_891);
        Reservation r = new Reservation(newId(), owner, image, "sim", new TimeWindow(start, start.plusSeconds(60)), READY,
                null, null, null, null, start, start.plusNanos(999), null, null, 1);

        insert(r);

        Reservation read = tx(tx -> tx.reservations().find(r.id())).orElseThrow();
        assertThat(read.window()).isEqualTo(new TimeWindow(T0.plusNanos(1_234_567_000), T0.plusNanos(61_234_567_000L)));
        assertThat(read.createdAt()).isEqualTo(T0.plusNanos(1_234_567_000));
        assertThat(read.readyAt()).as("truncated, not rounded").isEqualTo(T0.plusNanos(1_234_568_000));
    }

    @Test
    void missingReservationIsEmpty() {
        assertThat(optional(tx -> tx.reservations().find(999_999))).isEmpty();
        assertThat(optional(tx -> tx.reservations().lock(999_999))).isEmpty();
    }

    @Test
    void lockReadsTheReservation() {
        Reservation r = inState(PLACED, at(0), at(60));

        assertThat(optional(tx -> tx.reservations().lock(r.id()))).contains(r);
    }

    @Test
    void updateWritesOnlyOverTheExpectedVersion() {
        Reservation r = inState(PLACED, at(0), at(60));
        Reservation ready = r.moveTo(PROVISIONING).moveTo(READY).withHost(3L)
                .withInstance("vm-1", connectData(), at(5)).withWindow(window(0, 90));

        assertThat(flag(tx -> tx.reservations().update(ready, r.version()))).isTrue();
        assertThat(optional(tx -> tx.reservations().find(r.id()))).contains(ready);

        Reservation stale = r.moveTo(ENDING);
        assertThat(flag(tx -> tx.reservations().update(stale, r.version()))).isFalse();
        assertThat(optional(tx -> tx.reservations().find(r.id()))).contains(ready);
    }

    @Test
    void updateCanClearFields() {
        Reservation r = insert(new Reservation(newId(), owner, image, "sim", window(0, 60), READY, 3L, "vm-1",
                connectData(), "cause", at(0), at(1), at(2), at(3), 4));
        Reservation cleared = new Reservation(r.id(), owner, image, "sim", window(0, 60), FUTURE, null, null, null, null,
                at(0), null, null, null, 5);

        assertThat(flag(tx -> tx.reservations().update(cleared, 4))).isTrue();
        assertThat(optional(tx -> tx.reservations().find(r.id()))).contains(cleared);
    }

    @Test
    void duplicateIdIsADuplicateKey() {
        Reservation r = inState(PLACED, at(0), at(60));

        assertThatThrownBy(() -> insert(r)).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void queryFiltersByEveryNonNullField() {
        long bob = insertUser("bob").id();
        long ubuntu = insertImage("ubuntu").id();
        Reservation a = insert(reservation(newId(), owner, image, window(0, 60), PLACED).withHost(1L));
        Reservation b = insert(reservation(newId(), owner, ubuntu, window(0, 60), READY).withHost(2L));
        Reservation c = insert(reservation(newId(), bob, image, window(0, 60), CLOSED).withHost(1L));
        Reservation d = insert(reservation(newId(), bob, ubuntu, window(0, 60), FUTURE));

        assertThat(query(null, null, null, null)).containsExactly(d, c, b, a);
        assertThat(query(owner, null, null, null)).containsExactly(b, a);
        assertThat(query(null, ubuntu, null, null)).containsExactly(d, b);
        assertThat(query(null, null, 1L, null)).containsExactly(c, a);
        assertThat(query(null, null, null, EnumSet.of(PLACED, FUTURE))).containsExactly(d, a);
        assertThat(query(bob, image, 1L, EnumSet.of(CLOSED))).containsExactly(c);
        assertThat(query(bob, image, 1L, EnumSet.of(READY))).isEmpty();
        assertThat(query(null, null, null, Set.of())).isEmpty();
        assertThat(list(tx -> tx.reservations().query(ReservationQuery.inStates(Set.of(READY))))).containsExactly(b);
    }

    private List<Reservation> query(Long ownerId, Long imageId, Long hostId, Set<ReservationState> states) {
        return tx(tx -> tx.reservations().query(new ReservationQuery(ownerId, imageId, hostId, states, 100, Long.MAX_VALUE)));
    }

    @Test
    void queryPagesNewestFirst() {
        List<Reservation> all = java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> inState(PLACED, at(i), at(i + 60))).toList();

        List<Reservation> first = page(3, Long.MAX_VALUE);
        List<Reservation> second = page(3, first.getLast().id());
        List<Reservation> third = page(3, second.getLast().id());

        assertThat(first).containsExactly(all.get(6), all.get(5), all.get(4));
        assertThat(second).containsExactly(all.get(3), all.get(2), all.get(1));
        assertThat(third).containsExactly(all.get(0));
        assertThat(page(3, all.getFirst().id())).isEmpty();
    }

    private List<Reservation> page(int limit, long beforeId) {
        return tx(tx -> tx.reservations().query(new ReservationQuery(null, null, null, null, limit, beforeId)));
    }

    @Test
    void futureStartingByIncludesItsBound() {
        Instant t = at(100);
        Reservation onTheBound = inState(FUTURE, t, at(200));
        Reservation before = inState(FUTURE, at(50), at(200));
        inState(FUTURE, t.plus(MICRO), at(200));
        inState(PLACED, at(50), at(200));

        assertThat(list(tx -> tx.reservations().futureStartingBy(t))).containsExactly(before, onTheBound);
    }

    @Test
    void windowEndedByIncludesItsBoundAndOnlyRunningStates() {
        Instant t = at(100);
        Reservation placed = inState(PLACED, at(0), t);
        Reservation provisioning = inState(PROVISIONING, at(0), at(99));
        Reservation ready = inState(READY, at(0), t);
        Reservation inUse = inState(IN_USE, at(0), t);
        inState(IN_USE, at(0), t.plus(MICRO));
        inState(FUTURE, at(0), t);
        inState(ENDING, at(0), t);
        inState(CLOSED, at(0), t);

        assertThat(list(tx -> tx.reservations().windowEndedBy(t)))
                .containsExactly(provisioning, placed, ready, inUse);
    }

    @Test
    void readyUnusedSinceIncludesItsBoundAndSkipsAcknowledged() {
        Instant t = at(30);
        Reservation onTheBound = insert(readyAt(t, null, READY));
        Reservation earlier = insert(readyAt(at(10), null, READY));
        insert(readyAt(t.plus(MICRO), null, READY));
        insert(readyAt(at(10), at(11), READY));
        insert(readyAt(at(10), null, IN_USE));

        assertThat(list(tx -> tx.reservations().readyUnusedSince(t))).containsExactly(earlier, onTheBound);
    }

    private Reservation readyAt(Instant readyAt, Instant acknowledgedAt, ReservationState state) {
        return new Reservation(newId(), owner, image, "sim", window(0, 600), state, 1L, "vm", null, null, at(0), readyAt,
                acknowledgedAt, null, 4);
    }

    @Test
    void awaitingReclaimIsTerminalOrEndingAndNotReclaimed() {
        Reservation ending = inState(ENDING, at(0), at(60));
        Reservation failed = inState(FAILED, at(0), at(60));
        Reservation timedOut = inState(TIMED_OUT, at(0), at(60));
        insert(reservation(newId(), owner, image, window(0, 60), FAILED).reclaimed(at(61)));
        inState(CLOSED, at(0), at(60));
        inState(READY, at(0), at(60));

        assertThat(list(tx -> tx.reservations().awaitingReclaim())).containsExactly(ending, failed, timedOut);
    }

    @Test
    void liveOfImageEndsStrictlyAfterAndIsNotTerminal() {
        Instant t = at(100);
        Reservation justAfter = inState(FUTURE, at(0), t.plus(MICRO));
        Reservation ending = inState(ENDING, at(50), at(200));
        Reservation requested = inState(REQUESTED, at(60), at(300));
        inState(IN_USE, at(0), t);
        inState(CLOSED, at(0), at(200));
        inState(FAILED, at(0), at(200));
        inState(TIMED_OUT, at(0), at(200));
        long other = insertImage("other").id();
        insert(reservation(newId(), owner, other, window(0, 200), READY));

        assertThat(list(tx -> tx.reservations().liveOfImage(image, t))).containsExactly(justAfter, ending, requested);
    }

    @Test
    void countByStateNamesEveryState() {
        inState(READY, at(0), at(60));
        inState(READY, at(0), at(60));
        inState(CLOSED, at(0), at(60));

        Map<ReservationState, Long> counts = tx(tx -> tx.reservations().countByState());

        assertThat(counts).containsOnlyKeys(ReservationState.values())
                .containsEntry(READY, 2L).containsEntry(CLOSED, 1L).containsEntry(FUTURE, 0L);
        assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(3);
    }

    @Test
    void placementGroupsRoundTrip() {
        var group = new io.berth.core.domain.PlacementGroup("mpi-lab", io.berth.core.domain.PlacementGroup.Kind.ANTI_AFFINITY);
        long owner = insertUser("grace").id();
        long image = insertImage("hpc").id();
        Reservation live = new Reservation(newId(), owner, image, "sim", window(0, 60), ReservationState.READY, 4L, null, null,
                null, T0, null, null, null, 3, group);
        Reservation ended = new Reservation(newId(), owner, image, "sim", window(0, 60), ReservationState.CLOSED, 5L, null, null,
                null, T0, null, null, T0, 9, group);
        store.run(tx -> {
            tx.reservations().insert(live);
            tx.reservations().insert(ended);
        });
        assertThat(optional(tx -> tx.reservations().find(live.id()))).contains(live);
        assertThat(optional(tx -> tx.reservations().find(ended.id()))).contains(ended);
    }
}

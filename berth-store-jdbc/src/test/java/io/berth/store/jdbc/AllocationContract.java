package io.berth.store.jdbc;

import io.berth.core.calendar.Allocation;
import io.berth.core.calendar.LedgerEntry;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.reservation.ReservationState;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The capacity calendar: half-open overlap, released rows ignored, moves and window changes. */
abstract class AllocationContract extends StoreContract {
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final long H1 = 101, H2 = 102, H3 = 103;

    private long owner;
    private long image;

    @BeforeEach
    void ownerAndImage() {
        owner = insertUser("ada").id();
        image = insertImage("debian").id();
    }

    /** Allocations refer to their reservation, so each gets one. */
    private Allocation allocate(long hostId, TimeWindow window, Resources resources) {
        long id = insertReservation(owner, image, window, ReservationState.PLACED).id();
        Allocation a = new Allocation(id, hostId, resources, window);
        store.run(tx -> tx.allocations().insert(a));
        return a;
    }

    private Allocation allocate(long hostId, TimeWindow window) {
        return allocate(hostId, window, Resources.of(2, 4096, 20));
    }

    private List<Allocation> overlapping(List<Long> hosts, TimeWindow w) {
        return tx(tx -> tx.allocations().activeOverlapping(hosts, w));
    }

    @Test
    void roundTripsWithCustomResourceClasses() {
        Allocation a = allocate(H1, window(0, 60), new Resources(Map.of("VCPU", 4L, "MEMORY_MB", 8192L, "GPU_A100", 1L)));

        assertThat(optional(tx -> tx.allocations().activeFor(a.reservationId()))).contains(a);
        assertThat(optional(tx -> tx.allocations().activeFor(987_654))).isEmpty();
    }

    @Test
    void windowsThatOnlyTouchDoNotOverlap() {
        Allocation a = allocate(H1, window(60, 120));

        assertThat(overlapping(List.of(H1), window(120, 180))).isEmpty();
        assertThat(overlapping(List.of(H1), window(0, 60))).isEmpty();
        assertThat(overlapping(List.of(H1), new TimeWindow(at(120).minus(MICRO), at(180)))).containsExactly(a);
        assertThat(overlapping(List.of(H1), new TimeWindow(at(0), at(60).plus(MICRO)))).containsExactly(a);
        assertThat(overlapping(List.of(H1), window(0, 180))).containsExactly(a);
        assertThat(overlapping(List.of(H1), window(70, 80))).containsExactly(a);
        assertThat(overlapping(List.of(H1), window(60, 120))).containsExactly(a);
    }

    @Test
    void onlyTheGivenHostsCount() {
        Allocation a1 = allocate(H1, window(0, 60));
        allocate(H2, window(0, 60));
        Allocation a3 = allocate(H3, window(30, 90));

        assertThat(overlapping(List.of(H1, H3), window(0, 120))).containsExactly(a1, a3);
        assertThat(overlapping(List.of(H3, H1, H3), window(0, 120))).containsExactly(a1, a3);
        assertThat(overlapping(List.of(), window(0, 120))).isEmpty();
    }

    @Test
    void releasedAllocationsHoldNothing() {
        Allocation a = allocate(H1, window(0, 60));
        Allocation kept = allocate(H1, window(0, 60));

        assertThat(flag(tx -> tx.allocations().release(a.reservationId(), at(10)))).isTrue();
        assertThat(flag(tx -> tx.allocations().release(a.reservationId(), at(20)))).isFalse();
        assertThat(flag(tx -> tx.allocations().release(987_654, at(20)))).isFalse();

        assertThat(optional(tx -> tx.allocations().activeFor(a.reservationId()))).isEmpty();
        assertThat(overlapping(List.of(H1), window(0, 60))).containsExactly(kept);
        assertThat(list(tx -> tx.allocations().unreleasedEntries())).extracting(LedgerEntry::allocation).containsExactly(kept);
        assertThat(number(tx -> tx.allocations().countActiveOnHost(H1, at(0)))).isEqualTo(1);
    }

    /** What the capacity ledger loads at start: each unreleased allocation with its reservation's image, group and window. */
    @Test
    void unreleasedEntriesCarryWhatTheLedgerNeeds() {
        var group = new io.berth.core.domain.PlacementGroup("mpi-lab", io.berth.core.domain.PlacementGroup.Kind.AFFINITY);
        long live = tx(tx -> tx.reservations().newId());
        long failed = tx(tx -> tx.reservations().newId());
        store.run(tx -> {
            tx.reservations().insert(new io.berth.core.reservation.Reservation(live, owner, image, "sim", window(0, 60),
                    ReservationState.READY, H1, null, null, null, T0, null, null, null, 3, group));
            tx.reservations().insert(new io.berth.core.reservation.Reservation(failed, owner, image, "sim", window(0, 90),
                    ReservationState.FAILED, H2, null, null, null, T0, null, null, null, 4, null));
            tx.allocations().insert(new Allocation(live, H1, Resources.of(2, 4096, 20), window(-5, 60)));
            tx.allocations().insert(new Allocation(failed, H2, Resources.of(1, 512, 1), window(0, 90)));
        });
        Allocation released = allocate(H3, window(0, 60));
        store.run(tx -> tx.allocations().release(released.reservationId(), at(1)));

        assertThat(list(tx -> tx.allocations().unreleasedEntries())).containsExactly(
                new LedgerEntry(new Allocation(live, H1, Resources.of(2, 4096, 20), window(-5, 60)), image, "mpi-lab", window(0, 60), true),
                new LedgerEntry(new Allocation(failed, H2, Resources.of(1, 512, 1), window(0, 90)), image, null, window(0, 90), false));
    }

    @Test
    void countActiveOnHostCountsWindowsNotEndedAtT() {
        allocate(H1, window(0, 60));
        allocate(H1, window(30, 61));
        allocate(H1, window(100, 200));
        allocate(H2, window(0, 200));

        assertThat(number(tx -> tx.allocations().countActiveOnHost(H1, at(60)))).isEqualTo(2);
        assertThat(number(tx -> tx.allocations().countActiveOnHost(H1, at(0)))).isEqualTo(3);
        assertThat(number(tx -> tx.allocations().countActiveOnHost(H1, at(200)))).isZero();
        assertThat(number(tx -> tx.allocations().countActiveOnHost(H3, at(0)))).isZero();
    }

    @Test
    void moveAndChangeWindow() {
        Allocation a = allocate(H1, window(0, 60));

        store.run(tx -> tx.allocations().move(a.reservationId(), H2, window(10, 70)));
        assertThat(optional(tx -> tx.allocations().activeFor(a.reservationId())))
                .contains(new Allocation(a.reservationId(), H2, a.resources(), window(10, 70)));
        assertThat(overlapping(List.of(H1), window(0, 60))).isEmpty();

        store.run(tx -> tx.allocations().changeWindow(a.reservationId(), window(10, 90)));
        assertThat(optional(tx -> tx.allocations().activeFor(a.reservationId())))
                .contains(new Allocation(a.reservationId(), H2, a.resources(), window(10, 90)));
    }

    @Test
    void aReleasedAllocationCannotBeMoved() {
        Allocation a = allocate(H1, window(0, 60));
        store.run(tx -> tx.allocations().release(a.reservationId(), at(5)));

        assertThatThrownBy(() -> store.run(tx -> tx.allocations().move(a.reservationId(), H2, window(0, 60))))
                .isInstanceOf(StoreException.class).hasMessageContaining("no active allocation");
        assertThatThrownBy(() -> store.run(tx -> tx.allocations().changeWindow(a.reservationId(), window(0, 90))))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void aMigratingAllocationHoldsCapacityOnBothHostsUntilItFinishesOrAborts() {
        Allocation a = allocate(H1, window(0, 60));
        store.run(tx -> tx.allocations().startMigration(a.reservationId(), H2));

        assertThat(overlapping(List.of(H2), window(10, 20))).extracting(Allocation::reservationId).containsExactly(a.reservationId());
        assertThat(overlapping(List.of(H1), window(10, 20))).extracting(Allocation::migratingTo).containsExactly(H2);
        int onTarget = tx(tx -> tx.allocations().countActiveOnHost(H2, at(10)));
        assertThat(onTarget).isEqualTo(1);

        store.run(tx -> tx.allocations().finishMigration(a.reservationId()));
        assertThat(overlapping(List.of(H1), window(10, 20))).isEmpty();
        assertThat(overlapping(List.of(H2), window(10, 20))).extracting(Allocation::hostId).containsExactly(H2);

        store.run(tx -> tx.allocations().startMigration(a.reservationId(), H3));
        store.run(tx -> tx.allocations().abortMigration(a.reservationId()));
        assertThat(overlapping(List.of(H3), window(10, 20))).isEmpty();
        assertThat(optional(tx -> tx.allocations().activeFor(a.reservationId()))).map(Allocation::hostId).contains(H2);
    }
}

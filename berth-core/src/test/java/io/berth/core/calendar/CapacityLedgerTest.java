package io.berth.core.calendar;

import io.berth.core.domain.Host;
import io.berth.core.domain.PlacementGroup;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import io.berth.core.testing.FakeTx;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.berth.core.calendar.CapacityCalendarTest.w;
import static org.assertj.core.api.Assertions.assertThat;

class CapacityLedgerTest {
    private final CapacityLedger ledger = new CapacityLedger();
    private final Host host = CapacityCalendarTest.host(1, 4, 1.0);

    private static LedgerEntry entry(long id, long host, long vcpu, TimeWindow window) {
        return new LedgerEntry(new Allocation(id, host, new Resources(Map.of(ResourceClass.VCPU, vcpu)), window), 7, null, window, true);
    }

    /** Objects unless the host still has room for the entry's demand during its window. */
    private Optional<String> fits(CapacityLedger.View v, LedgerEntry e) {
        Allocation a = e.allocation();
        return CapacityCalendar.fits(host, v.onHostDuring(a.hostId(), a.window(), e.reservationId()), a.window(), a.resources())
                ? Optional.empty() : Optional.of("full");
    }

    private long usedAt(TimeWindow window) {
        return ledger.read(v -> CapacityCalendar.peakUsage(v.onHostDuring(1, window, null), window))
                .get(ResourceClass.VCPU);
    }

    private List<Allocation> onHost(long hostId) {
        return ledger.read(v -> v.onHostDuring(hostId, w(0, 60), null));
    }

    @Test
    void aClaimCountsAtOnceAndARollbackGivesItBack() {
        FakeTx tx = new FakeTx();

        assertThat(ledger.claim(tx, entry(1, 1, 3, w(0, 60)), v -> fits(v, entry(1, 1, 3, w(0, 60))))).isEmpty();
        assertThat(usedAt(w(0, 60))).isEqualTo(3);
        assertThat(ledger.claim(new FakeTx(), entry(2, 1, 2, w(30, 90)), v -> fits(v, entry(2, 1, 2, w(30, 90)))))
                .contains("full");
        tx.rollback();

        assertThat(usedAt(w(0, 60))).isZero();
        assertThat(ledger.claim(new FakeTx(), entry(2, 1, 2, w(30, 90)), v -> fits(v, entry(2, 1, 2, w(30, 90))))).isEmpty();
    }

    @Test
    void aReleaseFreesCapacityOnlyOnceCommitted() {
        ledger.load(List.of(entry(1, 1, 4, w(0, 60))));
        FakeTx tx = new FakeTx();

        ledger.releaseAfterCommit(tx, 1);
        assertThat(usedAt(w(0, 60))).isEqualTo(4);
        tx.commit();

        assertThat(usedAt(w(0, 60))).isZero();
    }

    @Test
    void anUndoDoesNotResurrectWhatChangedSince() {
        FakeTx first = new FakeTx();
        ledger.claim(first, entry(1, 1, 1, w(0, 60)), v -> Optional.empty());
        FakeTx second = new FakeTx();
        ledger.claim(second, entry(1, 1, 2, w(0, 90)), v -> Optional.empty());
        second.commit();

        first.rollback();

        assertThat(ledger.<Optional<LedgerEntry>>read(v -> v.entry(1))).contains(entry(1, 1, 2, w(0, 90)));
    }

    @Test
    void aMigratingReservationHoldsBothHostsUntilTheMoveCommits() {
        LedgerEntry placed = entry(1, 1, 2, w(0, 60));
        ledger.load(List.of(placed));
        FakeTx begin = new FakeTx();
        ledger.claim(begin, placed.withAllocation(new Allocation(1, 1, placed.allocation().resources(), w(0, 60), 2L)),
                v -> Optional.empty());
        assertThat(onHost(2)).hasSize(1);
        assertThat(onHost(1)).hasSize(1);

        FakeTx finish = new FakeTx();
        ledger.changeAfterCommit(finish, 1, e -> e.withAllocation(new Allocation(1, 2, e.allocation().resources(), w(0, 60), null)));
        assertThat(onHost(1)).hasSize(1);
        finish.commit();

        assertThat(onHost(1)).isEmpty();
        assertThat(onHost(2)).hasSize(1);
    }

    @Test
    void anEndedReservationHoldsItsHostButNoLongerCountsAgainstLimits() {
        LedgerEntry member = new LedgerEntry(entry(1, 1, 2, w(0, 60)).allocation(), 7, "lab", w(0, 60), true);
        ledger.load(List.of(member));
        PlacementGroup apart = new PlacementGroup("lab", PlacementGroup.Kind.ANTI_AFFINITY);
        assertThat(ledger.<List<TimeWindow>>read(v -> v.liveWindowsOfImage(7, CapacityCalendarTest.at(0), null))).containsExactly(w(0, 60));
        assertThat(ledger.<Boolean>read(v -> v.groupAllows(apart, 1, null))).isFalse();

        ledger.ended(1);

        assertThat(ledger.<List<TimeWindow>>read(v -> v.liveWindowsOfImage(7, CapacityCalendarTest.at(0), null))).isEmpty();
        assertThat(ledger.<Boolean>read(v -> v.groupAllows(apart, 1, null))).isTrue();
        assertThat(usedAt(w(0, 60))).isEqualTo(2);
    }

    private long peakOnHost1(TimeWindow window, Long except) {
        return ledger.peaks(new long[] {1}, window, except)[0].get(ResourceClass.VCPU);
    }

    /** Peaks come from a profile kept per host; every claim, undo and release on the host shows in the next read. */
    @Test
    void peakUsageFollowsEveryChangeOfTheHost() {
        ledger.load(List.of(entry(1, 1, 1, w(0, 60))));
        assertThat(peakOnHost1(w(0, 120), null)).isEqualTo(1);

        FakeTx claim = new FakeTx();
        ledger.claim(claim, entry(2, 1, 2, w(30, 90)), v -> Optional.empty());
        assertThat(peakOnHost1(w(0, 120), null)).isEqualTo(3);
        assertThat(peakOnHost1(w(0, 120), 1L)).as("leaving one out").isEqualTo(2);
        assertThat(peakOnHost1(w(60, 120), null)).isEqualTo(2);

        claim.rollback();
        assertThat(peakOnHost1(w(0, 120), null)).isEqualTo(1);
        FakeTx release = new FakeTx();
        ledger.releaseAfterCommit(release, 1);
        release.commit();
        assertThat(peakOnHost1(w(0, 120), null)).isZero();
    }

    /**
     * Profiles are built outside the lock while claims and releases go on: whatever the interleaving, once the writers
     * stop, every peak read equals the plain sweep of what the host holds (a profile built from entries that changed
     * meanwhile is never kept).
     */
    @Test
    void peaksReadDuringChangesEndEqualToThePlainSweep() throws Exception {
        ledger.load(List.of());
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < 3; writer++) {
                int base = writer * 10_000;
                work.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2_000; i++) {
                        FakeTx tx = new FakeTx();
                        ledger.claim(tx, entry(base + i, 1, 1 + i % 3, w(i % 50, i % 50 + 20)), v -> Optional.empty());
                        if (i % 3 == 0) tx.rollback();
                        else if (i % 3 == 1) {
                            FakeTx release = new FakeTx();
                            ledger.releaseAfterCommit(release, base + i);
                            release.commit();
                        }
                    }
                    return null;
                }));
            }
            for (int reader = 0; reader < 3; reader++) {
                work.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 2_000; i++) ledger.peaks(new long[] {1}, w(i % 60, i % 60 + 15), null);
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : work) f.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        for (int from = 0; from < 80; from += 7) {
            TimeWindow window = w(from, from + 15);
            long plain = ledger.read(v -> CapacityCalendar.peakUsage(v.onHostDuring(1, window, null), window)).get(ResourceClass.VCPU);
            assertThat(peakOnHost1(window, null)).as("%s", window).isEqualTo(plain);
        }
    }

    @Test
    void anImageReachesItsLimitOnlyWhereEnoughLiveReservationsOverlap() {
        ledger.load(List.of(entry(1, 1, 1, w(0, 60)), entry(2, 2, 1, w(30, 90)), entry(3, 3, 1, w(100, 160))));

        assertThat(ledger.<Boolean>read(v -> v.imageReaches(7, w(40, 50), null, 2))).isTrue();
        assertThat(ledger.<Boolean>read(v -> v.imageReaches(7, w(40, 50), 2L, 2))).isFalse();
        assertThat(ledger.<Boolean>read(v -> v.imageReaches(7, w(0, 160), null, 3))).as("never three at once").isFalse();
        assertThat(ledger.<Boolean>read(v -> v.imageReaches(8, w(0, 160), null, 1))).as("another image").isFalse();
        ledger.ended(1);
        assertThat(ledger.<Boolean>read(v -> v.imageReaches(7, w(40, 50), null, 2))).isFalse();
    }

    /** Many threads race for a host of four slots: exactly four claims win, whatever the interleaving. */
    @Test
    void racingClaimsNeverOverbook() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (long id = 1; id <= 64; id++) {
                LedgerEntry e = entry(id, 1, 1, w(0, 60));
                results.add(threads.submit(() -> {
                    start.await();
                    return ledger.claim(new FakeTx(), e, v -> fits(v, e)).isEmpty();
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> r : results) won += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            assertThat(won).isEqualTo(4);
            assertThat(usedAt(w(0, 60))).isEqualTo(4);
        } finally {
            threads.shutdownNow();
        }
    }
}

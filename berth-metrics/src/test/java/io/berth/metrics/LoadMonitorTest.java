package io.berth.metrics;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadMonitorTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final double EPS = 1e-12;

    final TestClock clock = new TestClock(T0);

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** 4 GiB used of 16 GiB: memory fraction 0.25. */
    static HostSample sample(long host, long seconds, double cpu) {
        return HostSample.of(host, at(seconds), cpu, 4096, 16384);
    }

    LoadMonitor monitor(StalePolicy policy) {
        return new LoadMonitor(LoadMonitorSettings.defaults().withStalePolicy(policy), clock);
    }

    /** Feeds cpu values 20 s apart from t = 0 and leaves the clock at the last one. */
    static void feed(LoadMonitor m, long host, double... cpu) {
        for (int i = 0; i < cpu.length; i++) {
            m.accept(sample(host, 20L * i, cpu[i]));
        }
    }

    @Nested
    class Snapshot {
        @Test
        void statisticsOfARisingHost() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(new HostSample(1, at(0), 0.1, 2048, 8192, 100, 200, 2));
            feedFrom(m, 1, 20, 0.2, 0.3, 0.4, 0.5);
            clock.set(at(80));

            HostLoad l = m.load(1);
            assertThat(l.hostId()).isEqualTo(1);
            assertThat(l.samples()).isEqualTo(5);
            assertThat(l.lastSampleAt()).isEqualTo(at(80));
            assertThat(l.ageSeconds()).isZero();
            assertThat(l.stale()).isFalse();
            assertThat(l.cpu()).isEqualTo(0.5);
            // EWMA alpha 0.3: 0.1 -> 0.13 -> 0.181 -> 0.2467 -> 0.3·0.5 + 0.7·0.2467 = 0.32269
            assertThat(l.cpuEwma()).isCloseTo(0.32269, within(EPS));
            // sorted 0.1 … 0.5, h = 4q: p50 = x(2) = 0.3; p95: h = 3.8 -> 0.4 + 0.8·0.1 = 0.48
            assertThat(l.cpuP50()).isCloseTo(0.3, within(EPS));
            assertThat(l.cpuP95()).isCloseTo(0.48, within(EPS));
            // MAD: |x - 0.3| = 0.2 0.1 0 0.1 0.2 -> median 0.1; IQR: x(3) - x(1) = 0.4 - 0.2 = 0.2
            assertThat(l.cpuMad()).isCloseTo(0.1, within(EPS));
            assertThat(l.cpuIqr()).isCloseTo(0.2, within(EPS));
            // exact line 0.1 + 0.1x, 3 intervals past x = 4: 0.1 + 0.1·7 = 0.8
            assertThat(l.cpuForecast()).isCloseTo(0.8, within(1e-9));
            // the first sample said 2048/8192, the later ones 4096/16384: 0.25 throughout
            assertThat(l.memoryFraction()).isEqualTo(0.25);
            assertThat(l.memoryEwma()).isCloseTo(0.25, within(EPS));
            // the later samples have no disk/net/vm count: the newest sample's word counts
            assertThat(l.diskKbps()).isNaN();
            assertThat(l.netKbps()).isNaN();
            assertThat(l.vmCount()).isEqualTo(-1);

            assertThat(l.effectiveCpu()).isCloseTo(0.5, within(EPS));  // max(0.32269, 0.5)
            assertThat(l.projectedCpu()).isCloseTo(0.8, within(1e-9)); // max(0.8, 0.32269)
        }

        @Test
        void optionalFieldsPassThrough() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(new HostSample(3, at(0), 0.4, 1000, 2000, 120, 340, 7));
            HostLoad l = m.load(3);
            assertThat(l.diskKbps()).isEqualTo(120);
            assertThat(l.netKbps()).isEqualTo(340);
            assertThat(l.vmCount()).isEqualTo(7);
            assertThat(l.memoryFraction()).isEqualTo(0.5);
        }

        @Test
        void forecastIsClampedToZeroOne() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            feed(m, 1, 0.6, 0.7, 0.8, 0.9, 1.0); // line heads to 1.3
            feed(m, 2, 0.5, 0.4, 0.3, 0.2, 0.1); // line heads to -0.2
            assertThat(m.load(1).cpuForecast()).isEqualTo(1.0);
            assertThat(m.load(2).cpuForecast()).isEqualTo(0.0);
            // projected never promises less than the smoothed present
            assertThat(m.load(2).projectedCpu()).isEqualTo(m.load(2).cpuEwma());
        }

        @Test
        void statisticsSpanOnlyTheWindow() {
            LoadMonitor m = new LoadMonitor(LoadMonitorSettings.defaults().withWindowSize(3), clock);
            feed(m, 1, 0.9, 0.9, 0.1, 0.2, 0.3);
            clock.set(at(80));
            HostLoad l = m.load(1);
            assertThat(l.samples()).isEqualTo(3);
            assertThat(l.cpuP50()).isCloseTo(0.2, within(EPS)); // of 0.1 0.2 0.3, not of the 0.9s
            // ...while the EWMA remembers everything it was fed
            assertThat(l.cpuEwma()).isGreaterThan(0.3);
        }

        @Test
        void aNewSampleRefreshesTheCachedStatistics() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            feed(m, 1, 0.2, 0.2, 0.2);
            HostLoad before = m.load(1);
            assertThat(m.load(1)).isEqualTo(before); // nothing changed: same figures from the cache
            m.accept(sample(1, 60, 0.9));
            HostLoad after = m.load(1);
            assertThat(after.cpuP95()).isGreaterThan(before.cpuP95());
            assertThat(after.cpu()).isEqualTo(0.9);
        }

        @Test
        void singleSampleHost() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(sample(1, 0, 0.35));
            HostLoad l = m.load(1);
            assertThat(l.cpuEwma()).isEqualTo(0.35);
            assertThat(l.cpuForecast()).isEqualTo(0.35); // one point: forecast = last value
            assertThat(l.cpuMad()).isZero();
            assertThat(l.cpuIqr()).isZero();
        }

        private static void feedFrom(LoadMonitor m, long host, long startSeconds, double... cpu) {
            for (int i = 0; i < cpu.length; i++) {
                m.accept(sample(host, startSeconds + 20L * i, cpu[i]));
            }
        }
    }

    @Nested
    class Staleness {
        @Test
        void aHostGoesStaleAfterMoreThanKIntervalsWithoutASample() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(sample(1, 0, 0.2));
            assertThat(m.load(1).stale()).isFalse();
            clock.set(at(60)); // exactly 3 × 20 s: not MORE than k intervals yet
            assertThat(m.load(1).stale()).isFalse();
            assertThat(m.load(1).ageSeconds()).isEqualTo(60);
            clock.advance(Duration.ofMillis(1));
            assertThat(m.load(1).stale()).isTrue();
            assertThat(m.load(1).ageSeconds()).isEqualTo(60.001);
            m.accept(sample(1, 60, 0.2)); // a fresh sample revives it
            assertThat(m.load(1).stale()).isFalse();
        }

        @Test
        void aNeverSampledHostIsStale() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            HostLoad l = m.load(42);
            assertThat(l.stale()).isTrue();
            assertThat(l.samples()).isZero();
            assertThat(l.lastSampleAt()).isNull();
            assertThat(l.ageSeconds()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(l.cpu()).isNaN();
            assertThat(l.vmCount()).isEqualTo(-1);
            assertThat(m.hosts()).isEmpty(); // reading does not register a host
        }

        @Test
        void underExcludeAStaleHostIsFlaggedAndNeverLooksIdle() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            feed(m, 1, 0.0, 0.0, 0.0); // a quiet host ...
            clock.set(at(40 + 61)); // ... that stopped reporting
            HostLoad l = m.load(1);
            assertThat(l.stale()).isTrue();
            assertThat(l.excludedFromPlacement()).isTrue();
            assertThat(l.effectiveCpu()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(l.projectedCpu()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(m.load(99).effectiveCpu()).isEqualTo(Double.POSITIVE_INFINITY); // never sampled
        }

        @Test
        void underPenaliseAStaleHostCountsAsAtLeastThePenalty() {
            LoadMonitor m = monitor(StalePolicy.PENALISE);
            feed(m, 1, 0.05, 0.05, 0.05);
            feed(m, 2, 0.9, 0.9, 0.9);
            clock.set(at(200));
            HostLoad quiet = m.load(1);
            assertThat(quiet.stale()).isTrue();
            assertThat(quiet.excludedFromPlacement()).isFalse();
            assertThat(quiet.effectiveCpu()).isEqualTo(1.0);
            assertThat(quiet.projectedCpu()).isEqualTo(1.0);
            // the floor applies to what was measured; pending load comes on top, so a burst does not hide under it
            m.addPending(2, "vm-a", 0.4, 512, at(500));
            assertThat(m.load(2).effectiveCpu()).isCloseTo(1.4, within(EPS)); // max(0.9, 1.0) + 0.4
            // never sampled: the penalty plus pending
            m.addPending(3, "vm-b", 0.25, 512, at(500));
            assertThat(m.load(3).effectiveCpu()).isCloseTo(1.25, within(EPS));
            assertThat(m.load(3).projectedCpu()).isCloseTo(1.25, within(EPS));
        }

        @Test
        void aLowerPenaltyIsStillAFloor() {
            LoadMonitorSettings s = new LoadMonitorSettings(Duration.ofSeconds(20), 90, 3, 0.3, 10, 3,
                    StalePolicy.PENALISE, 0.8);
            LoadMonitor m = new LoadMonitor(s, clock);
            feed(m, 1, 0.05, 0.05);
            m.addPending(1, "vm", 0.5, 0, at(999));
            clock.set(at(100));
            assertThat(m.load(1).effectiveCpu()).isCloseTo(1.3, within(EPS)); // max(0.05, 0.8) + 0.5
        }

        @Test
        void aFreshHostMayBeIdle() {
            LoadMonitor m = monitor(StalePolicy.PENALISE);
            m.accept(sample(1, 0, 0.0));
            assertThat(m.load(1).effectiveCpu()).isZero();
        }
    }

    @Nested
    class Pending {
        @Test
        void pendingLoadAddsUpAndIsRemovedByKey() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(sample(1, 0, 0.2));
            m.addPending(1, "vm-a", 0.3, 2048, at(120));
            m.addPending(1, "vm-b", 0.1, 1024, at(120));
            HostLoad l = m.load(1);
            assertThat(l.pendingCpu()).isCloseTo(0.4, within(EPS));
            assertThat(l.pendingMemoryMb()).isEqualTo(3072);
            assertThat(l.effectiveCpu()).isCloseTo(0.6, within(EPS)); // max(0.2, 0.2) + 0.4
            assertThat(l.projectedCpu()).isCloseTo(0.6, within(EPS)); // max(0.2, 0.2) + 0.4
            assertThat(m.pending(1)).extracting(PendingLoad::key).containsExactly("vm-a", "vm-b");

            assertThat(m.removePending("vm-a")).isTrue();
            assertThat(m.load(1).pendingCpu()).isCloseTo(0.1, within(EPS));
            assertThat(m.load(1).pendingMemoryMb()).isEqualTo(1024);
            assertThat(m.removePending("vm-a")).isFalse();
            assertThat(m.removePending("never-added")).isFalse();
        }

        @Test
        void pendingLoadExpiresWithTheFirstSampleTakenAtOrAfterVisibleAfter() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(sample(1, 0, 0.2));
            m.addPending(1, "vm", 0.3, 1024, at(60));
            m.accept(sample(1, 40, 0.2)); // taken before the VM shows: still pending
            assertThat(m.load(1).pendingCpu()).isCloseTo(0.3, within(EPS));
            m.accept(sample(1, 60, 0.5)); // taken at visibleAfter: contains the VM
            assertThat(m.load(1).pendingCpu()).isZero();
            assertThat(m.load(1).pendingMemoryMb()).isZero();
            assertThat(m.pending(1)).isEmpty();
            assertThat(m.removePending("vm")).isFalse();
        }

        @Test
        void onlySamplesAcceptedAfterTheEntryCount() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(sample(1, 100, 0.2));
            // visibleAfter is before the newest sample, but that sample was taken before the VM was placed
            m.addPending(1, "vm", 0.3, 0, at(60));
            assertThat(m.load(1).pendingCpu()).isCloseTo(0.3, within(EPS));
            m.accept(sample(1, 120, 0.5));
            assertThat(m.load(1).pendingCpu()).isZero();
        }

        @Test
        void aDroppedLateSampleDoesNotRetirePendingLoad() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(sample(1, 100, 0.2));
            m.addPending(1, "vm", 0.3, 0, at(60));
            assertThat(m.accept(sample(1, 80, 0.5))).isFalse();
            assertThat(m.load(1).pendingCpu()).isCloseTo(0.3, within(EPS));
        }

        @Test
        void subMillisecondVisibleAfterIsRoundedUp() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.accept(sample(1, 0, 0.2));
            m.addPending(1, "vm", 0.3, 0, at(60).plusNanos(500));
            m.accept(sample(1, 60, 0.2)); // same millisecond, but before visibleAfter
            assertThat(m.load(1).pendingCpu()).isCloseTo(0.3, within(EPS));
            m.accept(HostSample.of(1, at(60).plusMillis(1), 0.5, 1, 2));
            assertThat(m.load(1).pendingCpu()).isZero();
        }

        @Test
        void reAddingAKeyReplacesItAndMovingItChangesTheHost() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.addPending(1, "vm", 0.3, 100, at(60));
            m.addPending(1, "vm", 0.3, 100, at(60)); // a retried placement counts once
            assertThat(m.load(1).pendingCpu()).isCloseTo(0.3, within(EPS));
            m.addPending(2, "vm", 0.2, 100, at(60)); // re-added elsewhere: leaves host 1
            assertThat(m.load(1).pendingCpu()).isZero();
            assertThat(m.load(2).pendingCpu()).isCloseTo(0.2, within(EPS));

            assertThat(m.movePending("vm", 3, at(80))).isTrue();
            assertThat(m.load(2).pendingCpu()).isZero();
            assertThat(m.load(3).pendingCpu()).isCloseTo(0.2, within(EPS));
            assertThat(m.pending(3)).singleElement().extracting(PendingLoad::visibleAfter).isEqualTo(at(80));
            assertThat(m.movePending("unknown", 3, at(80))).isFalse();
        }

        @Test
        void migrationAsRemovePlusAdd() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            feed(m, 1, 0.1, 0.1);
            m.addPending(1, "migration-7", 0.25, 512, at(100));
            // the migration failed: cancel it
            assertThat(m.removePending("migration-7")).isTrue();
            assertThat(m.load(1).effectiveCpu()).isCloseTo(0.1, within(EPS));
        }

        @Test
        void pendingLoadOnAHostThatHasNotReportedYet() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            m.addPending(5, "vm", 0.3, 256, at(60));
            HostLoad l = m.load(5);
            assertThat(l.samples()).isZero();
            assertThat(l.stale()).isTrue();
            assertThat(l.pendingCpu()).isCloseTo(0.3, within(EPS));
            assertThat(m.hosts()).containsExactly(5);
        }

        @Test
        void forgettingAHostDropsItsPendingLoad() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            feed(m, 1, 0.1);
            feed(m, 2, 0.1);
            m.addPending(1, "vm", 0.3, 256, at(60));
            assertThat(m.forget(1)).isTrue();
            assertThat(m.forget(1)).isFalse();
            assertThat(m.hosts()).containsExactly(2);
            assertThat(m.removePending("vm")).isFalse();
            assertThat(m.load(1).samples()).isZero();
            assertThat(m.load(1).pendingCpu()).isZero();
        }
    }

    @Nested
    class Ordering {
        @Test
        void lateAndRepeatedSamplesAreDroppedAndCounted() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            assertThat(m.accept(sample(1, 20, 0.5))).isTrue();
            assertThat(m.accept(sample(1, 10, 0.9))).isFalse(); // older
            assertThat(m.accept(sample(1, 20, 0.9))).isFalse(); // re-delivered
            assertThat(m.accept(sample(2, 10, 0.9))).isTrue();  // other hosts keep their own order
            assertThat(m.acceptedSamples()).isEqualTo(2);
            assertThat(m.droppedSamples()).isEqualTo(2);
            HostLoad l = m.load(1);
            assertThat(l.samples()).isEqualTo(1);
            assertThat(l.cpu()).isEqualTo(0.5);
            assertThat(l.lastSampleAt()).isEqualTo(at(20));
        }

        @Test
        void primitiveAcceptMatchesTheRecordForm() {
            LoadMonitor a = monitor(StalePolicy.EXCLUDE);
            LoadMonitor b = monitor(StalePolicy.EXCLUDE);
            a.accept(new HostSample(1, at(0), 0.4, 1024, 4096, 5, 6, 2));
            b.accept(1, at(0).toEpochMilli(), 0.4, 1024, 4096, 5, 6, 2);
            assertThat(b.load(1)).isEqualTo(a.load(1));
        }

        @Test
        void hostsAreListedInOrder() {
            LoadMonitor m = monitor(StalePolicy.EXCLUDE);
            for (long id : new long[] {500, -3, 7, 1L << 40, 0}) {
                m.accept(sample(id, 0, 0.1));
            }
            assertThat(m.hosts()).containsExactly(-3, 0, 7, 500, 1L << 40);
        }
    }
}

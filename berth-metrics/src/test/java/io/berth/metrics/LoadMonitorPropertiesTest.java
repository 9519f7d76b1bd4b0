package io.berth.metrics;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LoadMonitorPropertiesTest {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** Whatever its history, a stale host reads as at least the penalty (PENALISE) or unusable (EXCLUDE). */
    @Property
    void aStaleHostIsNeverReportedIdle(@ForAll @Size(max = 30) List<@DoubleRange(min = 0, max = 1.5) Double> cpu,
                                       @ForAll @DoubleRange(min = 0, max = 1) double pendingCpu,
                                       @ForAll StalePolicy policy,
                                       @ForAll @DoubleRange(min = 0.01, max = 2) double penalty,
                                       @ForAll @LongRange(min = 1, max = 86_400_000) long millisPastStale) {
        LoadMonitorSettings settings = new LoadMonitorSettings(Duration.ofSeconds(20), 90, 3, 0.3, 10, 3, policy, penalty);
        TestClock clock = new TestClock(T0);
        LoadMonitor m = new LoadMonitor(settings, clock);
        for (int i = 0; i < cpu.size(); i++) {
            m.accept(HostSample.of(1, T0.plusSeconds(20L * i), cpu.get(i), 1, 2));
        }
        if (pendingCpu > 0) {
            m.addPending(1, "vm", pendingCpu, 0, T0.plusSeconds(1_000_000));
        }
        Instant last = T0.plusSeconds(20L * Math.max(0, cpu.size() - 1));
        clock.set(last.plusMillis(settings.staleAfterMillis() + millisPastStale));

        HostLoad l = m.load(1);
        assertThat(l.stale()).isTrue();
        if (policy == StalePolicy.PENALISE) {
            assertThat(l.effectiveCpu()).isGreaterThanOrEqualTo(penalty);
            assertThat(l.projectedCpu()).isGreaterThanOrEqualTo(penalty);
        } else {
            assertThat(l.excludedFromPlacement()).isTrue();
            assertThat(l.effectiveCpu()).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(l.projectedCpu()).isEqualTo(Double.POSITIVE_INFINITY);
        }
    }

    record Op(int kind, int host, int key, double cpu) {}

    @Provide
    Arbitrary<List<Op>> pendingOps() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 3),
                        Arbitraries.integers().between(0, 5), Arbitraries.doubles().between(0, 1).ofScale(3))
                .as(Op::new).list().ofMaxSize(60);
    }

    /** Adds (re-adds move a key), removes and moves, checked against a plain map of key -> (host, cpu). */
    @Property
    void pendingSumsFollowAddsRemovesAndMoves(@ForAll("pendingOps") List<Op> ops) {
        LoadMonitor m = new LoadMonitor(new TestClock(T0));
        Map<String, Op> model = new HashMap<>();
        for (Op op : ops) {
            String key = "k" + op.key();
            switch (op.kind()) {
                case 0 -> {
                    m.addPending(op.host(), key, op.cpu(), 10 * op.cpu(), T0.plusSeconds(60));
                    model.put(key, op);
                }
                case 1 -> assertThat(m.removePending(key)).isEqualTo(model.remove(key) != null);
                default -> {
                    Op old = model.get(key);
                    assertThat(m.movePending(key, op.host(), T0.plusSeconds(90))).isEqualTo(old != null);
                    if (old != null) {
                        model.put(key, new Op(0, op.host(), op.key(), old.cpu()));
                    }
                }
            }
        }
        for (int host = 1; host <= 3; host++) {
            final int h = host;
            double expected = model.values().stream().filter(o -> o.host() == h).mapToDouble(Op::cpu).sum();
            assertThat(m.load(host).pendingCpu()).isCloseTo(expected, within(1e-9));
            assertThat(m.load(host).pendingMemoryMb()).isCloseTo(10 * expected, within(1e-8));
            assertThat(m.pending(host)).hasSize((int) model.values().stream().filter(o -> o.host() == h).count());
        }
    }

    /** The samples-in-window count and the newest value follow the window size, whatever the order of arrival. */
    @Property
    void outOfOrderArrivalsNeverReachTheWindow(@ForAll @Size(min = 1, max = 80) List<@IntRange(min = 0, max = 50) Integer> times,
                                               @ForAll @IntRange(min = 1, max = 10) int window) {
        LoadMonitor m = new LoadMonitor(LoadMonitorSettings.defaults().withWindowSize(window), new TestClock(T0));
        long newest = Long.MIN_VALUE;
        int accepted = 0;
        for (int t : times) {
            boolean fresh = t > newest;
            assertThat(m.accept(HostSample.of(1, T0.plusSeconds(t), t / 100.0, 1, 2))).isEqualTo(fresh);
            if (fresh) {
                newest = t;
                accepted++;
            }
        }
        HostLoad l = m.load(1);
        assertThat(l.samples()).isEqualTo(Math.min(window, accepted));
        assertThat(l.lastSampleAt()).isEqualTo(T0.plusSeconds(newest));
        assertThat(l.cpu()).isEqualTo(newest / 100.0);
        assertThat(m.acceptedSamples() + m.droppedSamples()).isEqualTo(times.size());
    }
}

package io.berth.core.calendar;

import io.berth.core.domain.Host;
import io.berth.core.domain.HostState;
import io.berth.core.domain.Inventory;
import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CapacityCalendarTest {
    static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    static TimeWindow w(int from, int to) {
        return new TimeWindow(at(from), at(to));
    }

    static Allocation alloc(long reservation, long host, long vcpu, TimeWindow window) {
        return new Allocation(reservation, host, new Resources(Map.of(ResourceClass.VCPU, vcpu)), window);
    }

    static Host host(long id, long vcpu, double ratio) {
        return new Host(id, 1, "h" + id, "sim", HostState.AVAILABLE, List.of(new Inventory(ResourceClass.VCPU, vcpu, 0, ratio)), null);
    }

    @Test
    void peakIsTheBusiestInstantNotTheSumOfEverythingInTheWindow() {
        // 2 and 3 overlap (peak 5); 4 comes after 2 ended and overlaps only 3 (3 + 4 = 7).
        List<Allocation> a = List.of(alloc(1, 1, 2, w(0, 60)), alloc(2, 1, 3, w(30, 120)), alloc(3, 1, 4, w(60, 90)));
        assertThat(CapacityCalendar.peakUsage(a, w(0, 120)).get(ResourceClass.VCPU)).isEqualTo(7);
        assertThat(CapacityCalendar.peakUsage(a, w(0, 59)).get(ResourceClass.VCPU)).isEqualTo(5);
        assertThat(CapacityCalendar.peakUsage(a, w(100, 200)).get(ResourceClass.VCPU)).isEqualTo(3);
    }

    @Test
    void windowsAreHalfOpenSoBackToBackReservationsDoNotCollide() {
        List<Allocation> a = List.of(alloc(1, 1, 4, w(0, 60)));
        assertThat(CapacityCalendar.peakUsage(a, w(60, 120)).get(ResourceClass.VCPU)).isZero();
        assertThat(CapacityCalendar.fits(host(1, 4, 1.0), a, w(60, 120), Resources.of(4, 0, 0))).isTrue();
        assertThat(CapacityCalendar.fits(host(1, 4, 1.0), a, w(59, 120), Resources.of(4, 0, 0))).isFalse();
    }

    @Test
    void overcommitMultipliesUsableCapacity() {
        Host h = new Host(1, 1, "h", "sim", HostState.AVAILABLE, List.of(new Inventory(ResourceClass.VCPU, 10, 2, 4.0)), null);
        assertThat(h.capacity().get(ResourceClass.VCPU)).isEqualTo(32); // (10 - 2) * 4
        List<Allocation> a = List.of(alloc(1, 1, 30, w(0, 60)));
        assertThat(CapacityCalendar.free(h, a, w(0, 60)).get(ResourceClass.VCPU)).isEqualTo(2);
    }

    @Test
    void earliestFitIsWhenEnoughCapacityFreesUp() {
        Host h = host(1, 4, 1.0);
        List<Allocation> a = List.of(alloc(1, 1, 4, w(0, 60)), alloc(2, 1, 2, w(60, 90)));
        // A 4-VCPU hour fits only once both are gone at 90.
        Optional<TimeWindow> fit = CapacityCalendar.earliestFit(List.of(h), Map.of(1L, a), at(10), Duration.ofMinutes(60),
                Resources.of(4, 0, 0), List.of(), x -> true);
        assertThat(fit).contains(w(90, 150));
        // A 2-VCPU hour fits from 60, beside reservation 2.
        assertThat(CapacityCalendar.earliestFit(List.of(h), Map.of(1L, a), at(10), Duration.ofMinutes(60),
                Resources.of(2, 0, 0), List.of(), x -> true)).contains(w(60, 120));
    }

    @Test
    void earliestFitIsEmptyWhenNoHostIsBigEnough() {
        assertThat(CapacityCalendar.earliestFit(List.of(host(1, 2, 1.0)), Map.of(), at(0), Duration.ofMinutes(60),
                Resources.of(4, 0, 0), List.of(), x -> true)).isEmpty();
    }

    @Test
    void earliestFitRespectsTheExtraCheck() {
        Host h = host(1, 8, 1.0);
        Optional<TimeWindow> fit = CapacityCalendar.earliestFit(List.of(h), Map.of(), at(0), Duration.ofMinutes(30),
                Resources.of(1, 0, 0), List.of(at(45)), x -> !x.start().isBefore(at(45)));
        assertThat(fit).contains(w(45, 75));
    }

    /** Brute force: the peak must equal the largest sum over every instant where usage can change. */
    @Property(tries = 300)
    void peakUsageMatchesBruteForce(@ForAll @Size(max = 12) List<@IntRange(min = 0, max = 100) Integer> starts,
                                    @ForAll @IntRange(min = 0, max = 100) int from, @ForAll @IntRange(min = 1, max = 60) int length) {
        List<Allocation> a = new ArrayList<>();
        for (int i = 0; i < starts.size(); i++) {
            int s = starts.get(i);
            a.add(alloc(i, 1, 1 + (i % 3), w(s, s + 5 + (i * 7) % 40)));
        }
        TimeWindow window = w(from, from + length);
        long expected = 0;
        Set<Instant> instants = new java.util.TreeSet<>();
        instants.add(window.start());
        a.forEach(x -> instants.add(x.window().start()));
        for (Instant t : instants) {
            if (!window.contains(t)) continue;
            long sum = a.stream().filter(x -> x.window().contains(t)).mapToLong(x -> x.resources().get(ResourceClass.VCPU)).sum();
            expected = Math.max(expected, sum);
        }
        assertThat(CapacityCalendar.peakUsage(a, window).get(ResourceClass.VCPU)).isEqualTo(expected);
    }
}

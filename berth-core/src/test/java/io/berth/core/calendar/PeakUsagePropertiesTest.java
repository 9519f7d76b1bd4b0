package io.berth.core.calendar;

import io.berth.core.domain.ResourceClass;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.Map;

import static io.berth.core.calendar.CapacityCalendarTest.w;
import static org.assertj.core.api.Assertions.assertThat;

/** The fast paths of the calendar's arithmetic agree with the plain definitions on any input. */
class PeakUsagePropertiesTest {

    @Provide
    Arbitrary<List<Allocation>> allocations() {
        Arbitrary<Allocation> one = Combinators.combine(
                Arbitraries.integers().between(0, 300), Arbitraries.integers().between(1, 200),
                Arbitraries.longs().between(0, 8), Arbitraries.longs().between(0, 4096), Arbitraries.of(true, false)
        ).as((start, length, vcpu, memory, withDisk) -> new Allocation(start, 1, new Resources(withDisk
                ? Map.of(ResourceClass.VCPU, vcpu, ResourceClass.MEMORY_MB, memory, ResourceClass.DISK_GB, 10L)
                : Map.of(ResourceClass.VCPU, vcpu, ResourceClass.MEMORY_MB, memory)), w(start, start + length)));
        return one.list().ofMaxSize(40);
    }

    @Property(tries = 500)
    void peakUsageEqualsThePlainSweep(@ForAll("allocations") List<Allocation> allocations,
                                      @ForAll @IntRange(max = 400) int from, @ForAll @IntRange(min = 1, max = 200) int length) {
        TimeWindow window = w(from, from + length);
        List<Allocation> overlapping = allocations.stream().filter(a -> a.window().overlaps(window)).toList();

        Resources fast = CapacityCalendar.peakUsage(allocations, window);
        Resources plain = CapacityCalendar.sweepByObjects(overlapping, window);

        for (String cls : List.of(ResourceClass.VCPU, ResourceClass.MEMORY_MB, ResourceClass.DISK_GB)) {
            assertThat(fast.get(cls)).as(cls).isEqualTo(plain.get(cls));
        }
    }

    @Provide
    Arbitrary<List<TimeWindow>> windows() {
        return Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(1, 200))
                .as((from, length) -> w(from, from + length)).list().ofMinSize(1).ofMaxSize(8);
    }

    /**
     * A host's profile, built once, answers any windows asked one after another exactly as a sweep over its allocations
     * would (it reuses its last answer while a window spans the same steps), whether or not they all name the same classes.
     */
    @Property(tries = 500)
    void aHostProfileGivesThePeakOfEveryWindow(@ForAll("allocations") List<Allocation> mixed, @ForAll boolean sameClasses,
                                               @ForAll("windows") List<TimeWindow> windows) {
        List<Allocation> allocations = sameClasses ? mixed.stream().map(a -> new Allocation(a.reservationId(), a.hostId(),
                Resources.of(a.resources().get(ResourceClass.VCPU), a.resources().get(ResourceClass.MEMORY_MB), 10), a.window()))
                .toList() : mixed;
        HostProfile profile = HostProfile.of(allocations);

        for (TimeWindow window : windows) {
            List<Allocation> overlapping = allocations.stream().filter(a -> a.window().overlaps(window)).toList();
            Resources plain = overlapping.isEmpty() ? Resources.NONE : CapacityCalendar.sweepByObjects(overlapping, window);
            assertThat(profile.peak(window)).as("%s", window).isEqualTo(plain);
        }
    }

    @Property(tries = 500)
    void reachesIsThePeakAgainstTheLimit(@ForAll("allocations") List<Allocation> allocations,
                                         @ForAll @IntRange(max = 400) int from, @ForAll @IntRange(min = 1, max = 200) int length,
                                         @ForAll @IntRange(min = 1, max = 12) int limit) {
        List<TimeWindow> windows = allocations.stream().map(Allocation::window).toList();
        TimeWindow within = w(from, from + length);

        assertThat(Concurrency.reaches(windows, within, limit)).isEqualTo(Concurrency.peak(windows, within) >= limit);
    }

    /** The order a profile sorts its edges in: a permutation by ascending key, packed or not (wide spans fall back). */
    @Property(tries = 300)
    void orderByIsAnAscendingPermutation(@ForAll("keys") long[] keys) {
        int[] order = HostProfile.orderBy(keys);

        assertThat(order).hasSize(keys.length);
        assertThat(java.util.Arrays.stream(order).sorted().toArray())
                .isEqualTo(java.util.stream.IntStream.range(0, keys.length).toArray());
        for (int i = 1; i < order.length; i++) assertThat(keys[order[i]]).isGreaterThanOrEqualTo(keys[order[i - 1]]);
    }

    @Provide
    Arbitrary<long[]> keys() {
        Arbitrary<Long> near = Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_100_000L);
        Arbitrary<Long> any = Arbitraries.longs();
        return Arbitraries.oneOf(near.array(long[].class).ofMaxSize(300), any.array(long[].class).ofMaxSize(50),
                Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L).array(long[].class).ofMaxSize(20));
    }

    /** The search a profile starts from its last answer: whatever the hint, the count of keys below t. */
    @Property(tries = 300)
    void countBelowIgnoresAWrongHint(@ForAll("keys") long[] keys, @ForAll long t, @ForAll @IntRange(min = -1, max = 400) int hint) {
        long[] sorted = keys.clone();
        java.util.Arrays.sort(sorted);

        long expected = java.util.Arrays.stream(sorted).filter(k -> k < t).count();

        assertThat(HostProfile.countBelow(sorted, t, hint)).isEqualTo((int) expected);
    }
}

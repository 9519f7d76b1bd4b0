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

    /** A host's profile, built once, answers any window exactly as a sweep over its allocations would. */
    @Property(tries = 500)
    void aHostProfileGivesThePeakOfEveryWindow(@ForAll("allocations") List<Allocation> allocations,
                                               @ForAll @IntRange(max = 400) int from, @ForAll @IntRange(min = 1, max = 200) int length) {
        TimeWindow window = w(from, from + length);

        List<Allocation> overlapping = allocations.stream().filter(a -> a.window().overlaps(window)).toList();
        Resources plain = overlapping.isEmpty() ? Resources.NONE : CapacityCalendar.sweepByObjects(overlapping, window);

        assertThat(HostProfile.of(allocations).peak(window)).isEqualTo(plain);
    }

    @Property(tries = 500)
    void reachesIsThePeakAgainstTheLimit(@ForAll("allocations") List<Allocation> allocations,
                                         @ForAll @IntRange(max = 400) int from, @ForAll @IntRange(min = 1, max = 200) int length,
                                         @ForAll @IntRange(min = 1, max = 12) int limit) {
        List<TimeWindow> windows = allocations.stream().map(Allocation::window).toList();
        TimeWindow within = w(from, from + length);

        assertThat(Concurrency.reaches(windows, within, limit)).isEqualTo(Concurrency.peak(windows, within) >= limit);
    }
}

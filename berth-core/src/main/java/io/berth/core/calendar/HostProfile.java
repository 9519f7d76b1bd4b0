package io.berth.core.calendar;

import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one host holds over time, as a step function: from {@code starts[i]} until the next start, class {@code c} is
 * used {@code used[i * classes + c]}. Built once from the host's allocations and kept until they change, so that each
 * admission's snapshot reads every host's peak over its window without sorting anything again.
 */
final class HostProfile {
    /** Classes are tracked in an int bit set per allocation. */
    static final int MAX_CLASSES = 31;

    private final String[] classes;
    private final long[] starts;
    private final long[] used;
    private final long[] allocationStarts;
    private final long[] allocationEnds;
    private final int[] allocationClasses;

    private HostProfile(String[] classes, long[] starts, long[] used, long[] allocationStarts, long[] allocationEnds,
                        int[] allocationClasses) {
        this.classes = classes;
        this.starts = starts;
        this.used = used;
        this.allocationStarts = allocationStarts;
        this.allocationEnds = allocationEnds;
        this.allocationClasses = allocationClasses;
    }

    /** The profile of these allocations; {@code null} if they name more classes than it tracks. */
    static HostProfile of(Collection<Allocation> allocations) {
        List<String> names = new ArrayList<>(4);
        for (Allocation a : allocations) {
            for (String cls : a.resources().amounts().keySet()) if (!names.contains(cls)) names.add(cls);
        }
        if (names.size() > MAX_CLASSES) return null;
        int k = names.size();
        int n = allocations.size();
        long[] allocationStarts = new long[n];
        long[] allocationEnds = new long[n];
        int[] allocationClasses = new int[n];
        long[] amounts = new long[n * k];
        long[] edges = new long[2 * n]; // (instant, release-before-acquire) packed as instant * 2 + flag, then sorted
        int a = 0;
        for (Allocation allocation : allocations) {
            allocationStarts[a] = allocation.window().start().toEpochMilli();
            allocationEnds[a] = allocation.window().end().toEpochMilli();
            for (int c = 0; c < k; c++) {
                Long amount = allocation.resources().amounts().get(names.get(c));
                if (amount != null) {
                    allocationClasses[a] |= 1 << c;
                    amounts[a * k + c] = amount;
                }
            }
            a++;
        }
        Integer[] order = new Integer[2 * n];
        for (int e = 0; e < 2 * n; e++) order[e] = e;
        Arrays.sort(order, (x, y) -> Long.compare(edgeTime(x, allocationStarts, allocationEnds), edgeTime(y, allocationStarts, allocationEnds)));
        long[] starts = new long[2 * n];
        long[] used = new long[2 * n * k];
        long[] current = new long[k];
        int segments = 0;
        for (int e = 0; e < order.length; ) {
            long at = edgeTime(order[e], allocationStarts, allocationEnds);
            // Every change at one instant applies before that instant's use is recorded: windows are half-open.
            for (; e < order.length && edgeTime(order[e], allocationStarts, allocationEnds) == at; e++) {
                int edge = order[e];
                int owner = edge / 2;
                boolean acquire = edge % 2 == 0;
                for (int c = 0; c < k; c++) current[c] += acquire ? amounts[owner * k + c] : -amounts[owner * k + c];
            }
            starts[segments] = at;
            System.arraycopy(current, 0, used, segments * k, k);
            segments++;
        }
        return new HostProfile(names.toArray(String[]::new), Arrays.copyOf(starts, segments),
                Arrays.copyOf(used, segments * k), allocationStarts, allocationEnds, allocationClasses);
    }

    /** Edge {@code 2i} is allocation i's start, {@code 2i + 1} its end. */
    private static long edgeTime(int edge, long[] starts, long[] ends) {
        return edge % 2 == 0 ? starts[edge / 2] : ends[edge / 2];
    }

    /**
     * The most of each class held at any one instant of {@code window}: exactly {@link CapacityCalendar#peakUsage} of
     * the same allocations, down to which classes the result names (those of the allocations that overlap it).
     */
    Resources peak(TimeWindow window) {
        long from = window.start().toEpochMilli();
        long to = window.end().toEpochMilli();
        int named = 0;
        for (int a = 0; a < allocationStarts.length; a++) {
            if (allocationStarts[a] < to && allocationEnds[a] > from) named |= allocationClasses[a];
        }
        if (named == 0) return Resources.NONE;
        int k = classes.length;
        int i = Arrays.binarySearch(starts, from);
        if (i < 0) i = Math.max(0, -i - 2); // the step in force at the window's start, or the first one after it
        long[] peak = new long[k];
        for (; i < starts.length && starts[i] < to; i++) {
            for (int c = 0; c < k; c++) peak[c] = Math.max(peak[c], used[i * k + c]);
        }
        Map<String, Long> result = new HashMap<>();
        for (int c = 0; c < k; c++) if ((named & (1 << c)) != 0) result.put(classes[c], peak[c]);
        return new Resources(result);
    }
}

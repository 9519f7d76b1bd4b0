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
    /** The classes every allocation names, if they all name the same ones; -1 if they differ. */
    private final int sharedClasses;
    /** Allocation starts in ascending order, and the latest end among the allocations up to each: who overlaps a window. */
    private final long[] sortedStarts;
    private final long[] latestEndSoFar;
    /** The last answer, reused while a window spans the same steps (the usual case: windows move on, steps stay). */
    private volatile Answer last;

    private record Answer(int atFrom, int endStep, int startingBefore, int named, Resources peak) {}

    private HostProfile(String[] classes, long[] starts, long[] used, long[] allocationStarts, long[] allocationEnds,
                        int[] allocationClasses) {
        this.classes = classes;
        this.starts = starts;
        this.used = used;
        this.allocationStarts = allocationStarts;
        this.allocationEnds = allocationEnds;
        this.allocationClasses = allocationClasses;
        int shared = allocationClasses.length == 0 ? 0 : allocationClasses[0];
        for (int c : allocationClasses) if (c != shared) shared = -1;
        this.sharedClasses = shared;
        int n = allocationStarts.length;
        int[] byStart = orderBy(allocationStarts);
        this.sortedStarts = new long[n];
        this.latestEndSoFar = new long[n];
        for (int a = 0; a < n; a++) {
            sortedStarts[a] = allocationStarts[byStart[a]];
            latestEndSoFar[a] = Math.max(a == 0 ? Long.MIN_VALUE : latestEndSoFar[a - 1], allocationEnds[byStart[a]]);
        }
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
        long[] edgeTimes = new long[2 * n];
        for (int e = 0; e < 2 * n; e++) edgeTimes[e] = edgeTime(e, allocationStarts, allocationEnds);
        int[] order = orderBy(edgeTimes);
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

    /**
     * The indices of {@code keys} in ascending key order (ties in any order). Sorts primitives: each key less the
     * smallest, shifted, with its index in the low bits, when that fits a long (spans up to decades of milliseconds);
     * otherwise boxed indices with a comparator.
     */
    static int[] orderBy(long[] keys) {
        int n = keys.length;
        int[] order = new int[n];
        if (n == 0) return order;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long k : keys) {
            min = Math.min(min, k);
            max = Math.max(max, k);
        }
        int indexBits = 32 - Integer.numberOfLeadingZeros(n);
        long span = max - min;
        if (span >= 0 && span < (1L << (62 - indexBits))) {
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) packed[i] = (keys[i] - min) << indexBits | i;
            Arrays.sort(packed);
            long mask = (1L << indexBits) - 1;
            for (int i = 0; i < n; i++) order[i] = (int) (packed[i] & mask);
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) boxed[i] = i;
        Arrays.sort(boxed, (x, y) -> Long.compare(keys[x], keys[y]));
        for (int i = 0; i < n; i++) order[i] = boxed[i];
        return order;
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
        Answer seen = last;
        // The step in force at the window's start (or the first one after it), the first step at or after its end, and
        // how many allocations start before its end: found from the last answer's positions when the window moved
        // little, by binary search otherwise.
        int atFrom = countBelow(starts, from + 1, seen == null ? -1 : seen.atFrom());
        int end = countBelow(starts, to, seen == null ? -1 : seen.endStep());
        int startingBefore = sharedClasses < 0 ? -1 : countBelow(sortedStarts, to, seen == null ? -1 : seen.startingBefore());
        int named = sharedClasses < 0 ? namedByEach(from, to)
                : startingBefore > 0 && latestEndSoFar[startingBefore - 1] > from ? sharedClasses : 0;
        if (named == 0) return Resources.NONE;
        int first = Math.max(0, atFrom - 1);
        if (seen != null && seen.atFrom() == atFrom && seen.endStep() == end && seen.named() == named) return seen.peak();
        int k = classes.length;
        long[] peak = new long[k];
        for (int i = first; i < end; i++) {
            for (int c = 0; c < k; c++) peak[c] = Math.max(peak[c], used[i * k + c]);
        }
        Map<String, Long> result = new HashMap<>();
        for (int c = 0; c < k; c++) if ((named & (1 << c)) != 0) result.put(classes[c], peak[c]);
        Resources answer = new Resources(result);
        last = new Answer(atFrom, end, startingBefore, named, answer);
        return answer;
    }

    /** How many of the ascending {@code sorted} are below {@code t}: {@code hint} if that is still the answer, else searched. */
    static int countBelow(long[] sorted, long t, int hint) {
        int n = sorted.length;
        if (hint >= 0 && hint <= n && (hint == n || sorted[hint] >= t) && (hint == 0 || sorted[hint - 1] < t)) return hint;
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The classes named by the allocations overlapping [from, to), looking at each (they do not all name the same). */
    private int namedByEach(long from, long to) {
        int named = 0;
        for (int a = 0; a < allocationStarts.length; a++) {
            if (allocationStarts[a] < to && allocationEnds[a] > from) named |= allocationClasses[a];
        }
        return named;
    }
}

package io.berth.core.calendar;

import io.berth.core.domain.TimeWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** How many of a set of windows overlap at the busiest instant of another window. */
public final class Concurrency {
    private Concurrency() {}

    /**
     * Whether {@code limit} or more of the windows overlap at some instant of {@code within}. Counts first: the peak
     * is at most the number that overlap at all, which is far below the limit for most images most of the time.
     */
    public static boolean reaches(Collection<TimeWindow> windows, TimeWindow within, int limit) {
        int overlapping = 0;
        for (TimeWindow w : windows) {
            if (w.overlaps(within)) overlapping++;
        }
        return overlapping >= limit && peak(windows, within) >= limit;
    }

    public static int peak(Collection<TimeWindow> windows, TimeWindow within) {
        record Edge(Instant at, int delta) {}
        List<Edge> edges = new ArrayList<>();
        for (TimeWindow w : windows) {
            if (!w.overlaps(within)) continue;
            edges.add(new Edge(w.start().isBefore(within.start()) ? within.start() : w.start(), +1));
            edges.add(new Edge(w.end(), -1));
        }
        edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::delta));
        int current = 0, peak = 0;
        for (Edge e : edges) {
            current += e.delta();
            peak = Math.max(peak, current);
        }
        return peak;
    }
}

package io.berth.core.calendar;

import io.berth.core.domain.Host;
import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Window arithmetic over allocations: how much of a host is used at the busiest instant of a window,
 * what is left, and the earliest window of a given length in which a demand fits. Pure functions.
 */
public final class CapacityCalendar {

    private CapacityCalendar() {}

    /**
     * The largest amount of each resource class held at any one instant of {@code window}.
     * Each class is maximised on its own: a demand fits iff it fits beside every class's peak.
     */
    public static Resources peakUsage(Collection<Allocation> allocations, TimeWindow window) {
        List<Allocation> overlapping = new ArrayList<>();
        for (Allocation a : allocations) {
            if (a.window().overlaps(window)) overlapping.add(a);
        }
        if (overlapping.isEmpty()) return Resources.NONE;
        if (overlapping.size() == 1) return overlapping.getFirst().resources();
        HostProfile profile = HostProfile.of(overlapping);
        return profile != null ? profile.peak(window) : sweepByObjects(overlapping, window);
    }

    /** The plain sweep over objects: the definition, and the way for allocations naming too many classes for a profile. */
    static Resources sweepByObjects(Collection<Allocation> allocations, TimeWindow window) {
        record Edge(Instant at, int sign, Resources amount) {}
        List<Edge> edges = new ArrayList<>();
        for (Allocation a : allocations) {
            Instant from = a.window().start().isBefore(window.start()) ? window.start() : a.window().start();
            edges.add(new Edge(from, +1, a.resources()));
            edges.add(new Edge(a.window().end(), -1, a.resources()));
        }
        edges.sort(Comparator.comparing(Edge::at).thenComparingInt(Edge::sign));
        Map<String, Long> current = new HashMap<>();
        Map<String, Long> peak = new HashMap<>();
        for (Edge e : edges) {
            e.amount().amounts().forEach((cls, amount) -> {
                long now = current.merge(cls, e.sign() * amount, Long::sum);
                peak.merge(cls, now, Math::max);
            });
        }
        return new Resources(peak);
    }

    /** What the host can still take during the whole window. */
    public static Resources free(Host host, Collection<Allocation> allocationsOnHost, TimeWindow window) {
        return host.capacity().minus(peakUsage(allocationsOnHost, window));
    }

    public static boolean fits(Host host, Collection<Allocation> allocationsOnHost, TimeWindow window, Resources demand) {
        return demand.fitsIn(free(host, allocationsOnHost, window));
    }

    /**
     * The earliest start at or after {@code notBefore} such that {@code demand} fits on one of {@code hosts}
     * for {@code length}. Capacity only frees up when an allocation ends, so only those instants are tried.
     *
     * @param allocationsByHost every unreleased allocation on those hosts ending after {@code notBefore}
     * @param extraStarts       further instants at which something else frees up (e.g. an image's concurrency slot)
     * @param acceptable        a further check on a candidate window (e.g. the image's concurrency limit)
     */
    public static Optional<TimeWindow> earliestFit(List<Host> hosts, Map<Long, List<Allocation>> allocationsByHost,
                                                   Instant notBefore, java.time.Duration length, Resources demand,
                                                   Collection<Instant> extraStarts,
                                                   java.util.function.Predicate<TimeWindow> acceptable) {
        TreeSet<Instant> starts = new TreeSet<>();
        starts.add(notBefore);
        allocationsByHost.values().forEach(list -> list.forEach(a -> {
            if (a.window().end().isAfter(notBefore)) starts.add(a.window().end());
        }));
        extraStarts.stream().filter(t -> t.isAfter(notBefore)).forEach(starts::add);
        for (Instant start : starts) {
            TimeWindow candidate = TimeWindow.of(start, length);
            if (!acceptable.test(candidate)) continue;
            for (Host host : hosts) {
                if (fits(host, allocationsByHost.getOrDefault(host.id(), List.of()), candidate, demand)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}

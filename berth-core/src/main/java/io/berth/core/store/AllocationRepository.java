package io.berth.core.store;

import io.berth.core.calendar.Allocation;
import io.berth.core.domain.TimeWindow;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Capacity held on hosts over time windows: the capacity calendar's rows. */
public interface AllocationRepository {
    void insert(Allocation allocation);

    /** Unreleased allocations on these hosts that overlap the window. */
    List<Allocation> activeOverlapping(Collection<Long> hostIds, TimeWindow window);

    /** Unreleased allocations on these hosts ending after {@code t}. */
    List<Allocation> activeEndingAfter(Collection<Long> hostIds, Instant t);

    Optional<Allocation> activeFor(long reservationId);

    /** Moves the reservation's active allocation to another host (and window). */
    void move(long reservationId, long hostId, TimeWindow window);

    void changeWindow(long reservationId, TimeWindow window);

    /** Releases the reservation's allocation; returns false if nothing was held. */
    boolean release(long reservationId, Instant at);

    /** Number of unreleased allocations on the host whose window has not ended at {@code t}. */
    int countActiveOnHost(long hostId, Instant t);
}

package io.berth.core.store;

import io.berth.core.calendar.Allocation;
import io.berth.core.calendar.LedgerEntry;
import io.berth.core.domain.TimeWindow;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Capacity held on hosts over time windows: the capacity calendar's rows. */
public interface AllocationRepository {
    void insert(Allocation allocation);

    /** Every unreleased allocation with what the capacity ledger needs of its reservation. */
    List<LedgerEntry> unreleasedEntries();

    /** Unreleased allocations held on these hosts (as source or migration target) that overlap the window. */
    List<Allocation> activeOverlapping(Collection<Long> hostIds, TimeWindow window);

    Optional<Allocation> activeFor(long reservationId);

    /** Moves the reservation's active allocation to another host (and window). */
    void move(long reservationId, long hostId, TimeWindow window);

    void changeWindow(long reservationId, TimeWindow window);

    /** Releases the reservation's allocation; returns false if nothing was held. */
    boolean release(long reservationId, Instant at);

    /** Number of unreleased allocations held on the host (as source or migration target) not ended at {@code t}. */
    int countActiveOnHost(long hostId, Instant t);

    /** A live migration to {@code toHostId} begins: the allocation now holds capacity there too. */
    void startMigration(long reservationId, long toHostId);

    /** The migration succeeded: the allocation moves to its target and leaves the source. */
    void finishMigration(long reservationId);

    /** The migration failed: the allocation stays on its source only. */
    void abortMigration(long reservationId);
}

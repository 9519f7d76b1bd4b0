package io.berth.core.calendar;

import io.berth.core.domain.Resources;
import io.berth.core.domain.TimeWindow;

/**
 * Capacity that a reservation holds on a host during a window. While it is being live-migrated,
 * {@code migratingTo} names the target host, and the capacity counts on both hosts.
 */
public record Allocation(long reservationId, long hostId, Resources resources, TimeWindow window, Long migratingTo) {

    public Allocation(long reservationId, long hostId, Resources resources, TimeWindow window) {
        this(reservationId, hostId, resources, window, null);
    }

    /** Whether this allocation holds capacity on the host. */
    public boolean holds(long host) {
        return hostId == host || (migratingTo != null && migratingTo == host);
    }
}

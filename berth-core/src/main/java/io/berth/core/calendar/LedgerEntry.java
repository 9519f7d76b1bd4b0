package io.berth.core.calendar;

import io.berth.core.domain.TimeWindow;

/**
 * A reservation's hold on capacity as the {@link CapacityLedger} keeps it: its allocation, plus what the image's
 * concurrency limit and its placement group's rule need to know. {@code live} turns false once the reservation
 * reached a terminal state: it then still holds its host until reclaimed, but no longer counts against limits.
 */
public record LedgerEntry(Allocation allocation, long imageId, String group, TimeWindow window, boolean live) {

    public long reservationId() {
        return allocation.reservationId();
    }

    public LedgerEntry withAllocation(Allocation next) {
        return new LedgerEntry(next, imageId, group, window, live);
    }

    public LedgerEntry withWindow(TimeWindow reservationWindow, TimeWindow hold) {
        Allocation a = allocation;
        return new LedgerEntry(new Allocation(a.reservationId(), a.hostId(), a.resources(), hold, a.migratingTo()),
                imageId, group, reservationWindow, live);
    }

    LedgerEntry ended() {
        return new LedgerEntry(allocation, imageId, group, window, false);
    }
}

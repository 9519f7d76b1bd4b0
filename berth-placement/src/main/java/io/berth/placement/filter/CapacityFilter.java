package io.berth.placement.filter;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Enough free capacity, overcommit included, for the whole window (the calendar computed the peak already held
 * at the busiest instant of the window, counting admitted advance reservations).
 */
public final class CapacityFilter implements HostFilter {
    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public String description() {
        return "enough free capacity (overcommit included) for the whole window, counting admitted reservations";
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && rejects(t, i)) rejectedBy[i] = self;
        }
    }

    /** Whether host i is rejected: looked up, since the table evaluated {@link #violated} once when it was built. */
    public static boolean rejects(HostTable t, int i) {
        return t.calendarVerdict[i] == HostTable.CAPACITY_VIOLATED;
    }

    /** The rule itself: evaluated once per host when a table is built (it depends only on the calendar and the image). */
    public static boolean violated(HostTable t, int i) {
        for (int k = 0; k < t.demand.length; k++) {
            if (t.capacity[k][i] - t.used[k][i] < t.demand[k]) return true;
        }
        return false;
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        List<String> shortOf = new ArrayList<>();
        for (int k = 0; k < t.demandClasses.length; k++) {
            long free = Math.max(0, t.capacity[k][i] - t.used[k][i]);
            if (free < t.demand[k]) shortOf.add(t.demandClasses[k] + " " + t.demand[k] + " needed, " + free + " free");
        }
        return "not enough capacity during the window: " + String.join("; ", shortOf);
    }
}

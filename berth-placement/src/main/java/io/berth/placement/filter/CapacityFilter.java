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
        for (int k = 0; k < t.demandClasses.length; k++) {
            long need = t.demand[k];
            long[] cap = t.capacity[k];
            long[] used = t.used[k];
            for (int i = 0; i < t.size; i++) {
                if (rejectedBy[i] < 0 && cap[i] - used[i] < need) rejectedBy[i] = self;
            }
        }
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

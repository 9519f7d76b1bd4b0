package io.berth.placement.filter;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * The host could hold the image at all, even empty: it inventories every resource class the image needs, in
 * sufficient amount. Tells "never fits here" apart from "full right now" (the capacity filter).
 */
public final class ImageMinimumsFilter implements HostFilter {
    @Override
    public String name() {
        return "image-minimums";
    }

    @Override
    public String description() {
        return "the host has every resource class the image needs, and enough of each even when empty";
    }

    @Override
    public void apply(HostTable t, PlacementContext context, int[] rejectedBy, int self) {
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0 && rejects(t, i)) rejectedBy[i] = self;
        }
    }

    /** Whether host i is rejected: looked up, since the table evaluated {@link #violated} once when it was built. */
    public static boolean rejects(HostTable t, int i) {
        return t.calendarVerdict[i] == HostTable.MINIMUMS_VIOLATED;
    }

    /** The rule itself: evaluated once per host when a table is built (it depends only on the host and the image). */
    public static boolean violated(HostTable t, int i) {
        for (int k = 0; k < t.demand.length; k++) {
            long need = t.demand[k];
            if (need != 0 && (!t.inventoried[k][i] || t.capacity[k][i] < need)) return true;
        }
        return false;
    }

    @Override
    public String reason(HostTable t, PlacementContext context, int i) {
        for (int k = 0; k < t.demandClasses.length; k++) {
            if (t.demand[k] == 0) continue;
            if (!t.inventoried[k][i]) return "host has no " + t.demandClasses[k] + " inventory; the image needs " + t.demand[k];
            if (t.capacity[k][i] < t.demand[k]) {
                return "host's whole " + t.demandClasses[k] + " capacity (" + t.capacity[k][i]
                        + ") is below the image's minimum of " + t.demand[k];
            }
        }
        return "passes";
    }
}

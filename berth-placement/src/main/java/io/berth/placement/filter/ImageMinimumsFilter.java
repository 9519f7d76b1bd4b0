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
        for (int k = 0; k < t.demandClasses.length; k++) {
            long need = t.demand[k];
            if (need == 0) continue;
            long[] cap = t.capacity[k];
            boolean[] has = t.inventoried[k];
            for (int i = 0; i < t.size; i++) {
                if (rejectedBy[i] < 0 && (!has[i] || cap[i] < need)) rejectedBy[i] = self;
            }
        }
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

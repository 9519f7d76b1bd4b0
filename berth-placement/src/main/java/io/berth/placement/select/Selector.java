package io.berth.placement.select;

import io.berth.placement.PlacementContext;

/** Picks one of the eligible hosts from their combined scores. */
public interface Selector {
    String describe();

    /** The chosen index, or -1 if no host is eligible ({@code rejectedBy[i] >= 0} means rejected). */
    int choose(PlacementContext context, int[] rejectedBy, double[] totals);
}

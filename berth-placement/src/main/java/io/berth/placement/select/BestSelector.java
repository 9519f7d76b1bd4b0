package io.berth.placement.select;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/** The highest score; ties go to the lowest host id, so decisions are repeatable. */
public final class BestSelector implements Selector {
    @Override
    public String describe() {
        return "best";
    }

    @Override
    public int choose(PlacementContext context, int[] rejectedBy, double[] totals) {
        HostTable t = context.hosts();
        int best = -1;
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] >= 0) continue;
            if (best < 0 || totals[i] > totals[best] || (totals[i] == totals[best] && t.hostId[i] < t.hostId[best])) best = i;
        }
        return best;
    }
}

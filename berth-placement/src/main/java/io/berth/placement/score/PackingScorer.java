package io.berth.placement.score;

import io.berth.placement.HostTable;
import io.berth.placement.PlacementContext;

/**
 * Consolidation: prefers the fullest host that still fits (mean over the demanded resource classes of
 * allocated-after-placement / capacity), so the rest can stay empty and be powered down.
 */
public final class PackingScorer implements HostScorer {
    @Override
    public String name() {
        return "packing";
    }

    @Override
    public String description() {
        return "mean over resource classes of (held + this instance) / capacity: fuller hosts first";
    }

    @Override
    public void score(HostTable t, PlacementContext context, int[] rejectedBy, double[] out) {
        for (int i = 0; i < t.size; i++) {
            if (rejectedBy[i] < 0) out[i] = of(t, i);
        }
    }

    /** The score of host i, shared by this scorer's loop and the fused kernel. */
    public static double of(HostTable t, int i) {
        double sum = 0;
        int counted = 0;
        for (int k = 0; k < t.demand.length; k++) {
            long cap = t.capacity[k][i];
            if (cap <= 0) continue;
            sum += (double) (t.used[k][i] + t.demand[k]) / cap;
            counted++;
        }
        return counted == 0 ? 0 : Scores.clamp01(sum / counted);
    }
}
